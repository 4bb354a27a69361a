package io.caracal.waf.crs.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.caracal.waf.internal.body.ByteStrings;
import io.caracal.waf.internal.engine.VarValue;

/**
 * Whole requests written as HTTP messages. Each sample starts with a line
 * {@code === FAMILIES [score=N] | description} (attack files) or {@code === description} (benign
 * files), then the request line, the header fields, an empty line and the body, if any.
 * {@code score=N} marks an anomaly CRS scores below its blocking threshold on purpose.
 * <ul>
 *   <li>{@code \xHH} anywhere stands for that byte (control characters, invalid UTF-8);</li>
 *   <li>a request line with two parts has no protocol (HTTP/0.9 style), REQUEST_PROTOCOL is then
 *       "HTTP/0.9" as HTTP servers report it;</li>
 *   <li>body lines are joined with CRLF for multipart bodies, LF otherwise, without a final line
 *       break; a body without Content-Length or Transfer-Encoding gets a Content-Length.</li>
 * </ul>
 */
final class HttpSamples {

    private HttpSamples() {
    }

    static List<CorpusSample> parse(String source, String text) {
        List<CorpusSample> samples = new ArrayList<>();
        List<String> lines = text.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!line.startsWith("===")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected '=== ...'");
                }
                i++;
                continue;
            }
            int start = i;
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("===")) {
                end++;
            }
            samples.add(sample(source + ":" + (start + 1), line.substring(3).strip(), lines.subList(start + 1, end)));
            i = end;
        }
        return samples;
    }

    private static CorpusSample sample(String source, String title, List<String> lines) {
        List<String> families = List.of();
        Integer score = null;
        String label = title;
        int bar = title.indexOf('|');
        if (bar >= 0) {
            String[] expectations = title.substring(0, bar).strip().split("\\s+");
            families = Arrays.stream(expectations[0].split(",")).map(String::strip).toList();
            for (int e = 1; e < expectations.length; e++) {
                if (!expectations[e].startsWith("score=")) {
                    throw new IllegalArgumentException(source + ": unknown expectation '" + expectations[e] + "'");
                }
                score = Integer.valueOf(expectations[e].substring("score=".length()));
            }
            label = title.substring(bar + 1).strip();
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        String[] requestLine = bytes(lines.get(0)).split(" ");
        if (requestLine.length < 2 || requestLine.length > 3) {
            throw new IllegalArgumentException(source + ": bad request line '" + lines.get(0) + "'");
        }
        List<VarValue> headers = new ArrayList<>();
        int i = 1;
        for (; i < last && !lines.get(i).isEmpty(); i++) {
            String field = bytes(lines.get(i));
            int colon = field.indexOf(':');
            headers.add(new VarValue("REQUEST_HEADERS", field.substring(0, colon), field.substring(colon + 1).strip()));
        }
        byte[] body = null;
        if (i < last) {
            boolean multipart = header(headers, "Content-Type").toLowerCase(Locale.ROOT).startsWith("multipart/");
            String joined = String.join(multipart ? "\r\n" : "\n", lines.subList(i + 1, last));
            if (multipart) {
                joined += "\r\n";
            }
            body = ByteStrings.toBytes(bytes(joined));
            if (header(headers, "Content-Length").isEmpty() && header(headers, "Transfer-Encoding").isEmpty()) {
                headers.add(new VarValue("REQUEST_HEADERS", "Content-Length", Integer.toString(body.length)));
            }
        }
        String protocol = requestLine.length == 3 ? requestLine[2] : "HTTP/0.9";
        return new CorpusSample(source, label, families, score,
                CrsFixture.request(requestLine[0], requestLine[1], protocol, headers, body));
    }

    private static String header(List<VarValue> headers, String name) {
        for (VarValue header : headers) {
            if (header.key().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return "";
    }

    /** The byte string of a line of the file: its UTF-8 bytes, with {@code \xHH} turned into that byte. */
    static String bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '\\' && i + 3 < utf8.length && utf8[i + 1] == 'x' && hex(utf8[i + 2]) >= 0
                    && hex(utf8[i + 3]) >= 0) {
                out.write(hex(utf8[i + 2]) << 4 | hex(utf8[i + 3]));
                i += 3;
            } else {
                out.write(utf8[i]);
            }
        }
        return ByteStrings.of(out.toByteArray());
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
