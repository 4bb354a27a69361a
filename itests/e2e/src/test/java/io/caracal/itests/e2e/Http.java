package io.caracal.itests.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP clients for the tests: the JDK client for ordinary exchanges, raw sockets for exact bytes. */
final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** HTTP/1.1 only (no h2c upgrade), no redirects, no cookies: what is sent is what the test says. */
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    static HttpResponse<String> get(URI uri, String... headerNamesAndValues) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(uri).GET();
        if (headerNamesAndValues.length > 0) {
            request.headers(headerNamesAndValues);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A response read off a raw socket. Header names are case-insensitive. */
    record RawResponse(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(", ", values);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code head} (request line and header lines, CRLF-separated, without the blank line)
     * and {@code body} over a fresh loopback connection, and reads one response.
     */
    static RawResponse raw(int port, String head, byte[] body) throws IOException {
        return raw(null, port, head, body);
    }

    /**
     * As {@link #raw(int, String, byte[])}, from a chosen loopback source address such as
     * {@code 127.0.0.2} (Linux answers on all of 127.0.0.0/8), to play a client or proxy with
     * another IP; {@code null} for the default.
     */
    static RawResponse raw(String sourceAddress, int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            if (sourceAddress != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** Reads one response; at end of stream (the server closed the connection) it throws. */
    static RawResponse readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        String transferEncoding = String.valueOf(headers.get("Transfer-Encoding")).toLowerCase(Locale.ROOT);
        List<String> contentLength = headers.get("Content-Length");
        byte[] body;
        if (transferEncoding.contains("chunked")) {
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            for (int size = chunkSize(readLine(in)); size > 0; size = chunkSize(readLine(in))) {
                decoded.write(in.readNBytes(size));
                readLine(in);
            }
            body = decoded.toByteArray();
        } else if (contentLength != null) {
            body = in.readNBytes(Integer.parseInt(contentLength.get(0)));
        } else if (status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(status, headers, body);
    }

    private static int chunkSize(String line) throws IOException {
        if (line == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    /** One CRLF-terminated line in ISO-8859-1, or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
