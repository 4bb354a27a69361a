package io.caracal.waf.internal.body;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The MULTIPART request body processor, following ModSecurity's line-oriented parser:
 * <ul>
 *   <li>a line is a boundary only if it is "--" + boundary [+ "--"] followed directly by CRLF or
 *       LF; "--" + boundary + anything else is an error; other lines starting with "--", or lines
 *       containing "--" + boundary, raise UNMATCHED_BOUNDARY;</li>
 *   <li>part headers: NUL bytes, lines of 4096 bytes or more, a missing colon, an empty or
 *       non-printable header name, duplicate headers, folding with nothing to fold, a missing or
 *       invalid Content-Disposition or a missing name are errors; LF-only lines and folding
 *       raise flags;</li>
 *   <li>the line break before a boundary belongs to the boundary, not to the part's content;</li>
 *   <li>a part with a filename parameter (even an empty one) is a file, any other part an
 *       argument; a part whose headers never ended is skipped and raises INVALID_PART;</li>
 *   <li>the first error stops parsing; parts completed before it are still reported.</li>
 * </ul>
 * A complete body must end with the final boundary (which may lack its line break); otherwise
 * "Final boundary missing" (or "No boundaries found") is the error. A truncated body
 * ({@code complete == false}) never gets those errors: the part in progress is kept as far as
 * it goes, and a trailing partial line that could be the start of a boundary is dropped.
 * A complete body missing its final boundary also keeps the part in progress so that it can
 * still be inspected (ModSecurity would drop it, but flags the same error).
 */
final class MultipartParser {
    /** ModSecurity's line buffer size: part header lines must be shorter than this. */
    static final int HEADER_LINE_LIMIT = 4096;

    private final byte[] body;
    private final boolean complete;
    private final Limits limits;
    private final String boundary;
    private final byte[] boundaryBytes;
    private final byte[] delimiter; // "--" + boundary

    private final ArgList args;
    private final List<FilePart> files = new ArrayList<>();
    private final List<Arg> partHeaders = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> fileNames = new ArrayList<>();
    private final Set<MultipartFlag> flags;
    private boolean crlfLineSeen;
    private String error;

    private Part part; // null before the first boundary and after the final one
    private int boundaryCount;
    private boolean finalBoundarySeen;
    private int fileCount;

    private MultipartParser(byte[] body, boolean complete, Limits limits, MultipartBoundary contentType) {
        this.body = body;
        this.complete = complete;
        this.limits = limits;
        this.boundary = contentType.boundary();
        this.boundaryBytes = boundary == null ? null : ByteStrings.toBytes(boundary);
        this.delimiter = boundary == null ? null : ByteStrings.toBytes("--" + boundary);
        this.args = new ArgList(limits.maxArgs());
        this.flags = EnumSet.noneOf(MultipartFlag.class);
        this.flags.addAll(contentType.flags());
        this.error = contentType.error();
    }

    static ParsedBody parse(String contentType, byte[] body, boolean complete, Limits limits) {
        MultipartParser parser = new MultipartParser(body, complete, limits, MultipartBoundary.parse(contentType));
        if (parser.error == null) {
            parser.run();
        }
        return parser.result();
    }

    private void run() {
        if (body.length == 0) {
            return; // ModSecurity does not run a processor over an empty body
        }
        int pos = 0;
        while (pos < body.length && error == null) {
            if (finalBoundarySeen) {
                flags.add(MultipartFlag.DATA_AFTER);
                return;
            }
            int newline = indexOf(body, (byte) '\n', pos);
            if (newline < 0) {
                finishWithPartialLine(pos);
                return;
            }
            processLine(pos, newline + 1);
            pos = newline + 1;
        }
        if (error == null && !finalBoundarySeen) {
            finishWithoutFinalBoundary();
        }
    }

    private void processLine(int start, int end) {
        int length = end - start;
        if (length > 3 && body[start] == '-' && body[start + 1] == '-') {
            if (regionEquals(start, end, delimiter)) {
                processBoundaryLine(start, end);
                return;
            }
            if (!checkBoundaryLookalike(start, end)) {
                return;
            }
            flags.add(MultipartFlag.UNMATCHED_BOUNDARY);
        } else if (contains(start, end, delimiter)) {
            flags.add(MultipartFlag.UNMATCHED_BOUNDARY);
        }
        processContentLine(start, end);
    }

    private void processBoundaryLine(int start, int end) {
        int at = start + delimiter.length;
        boolean isFinal = at + 1 < end && body[at] == '-' && body[at + 1] == '-';
        if (isFinal) {
            at += 2;
        }
        if (at + 2 == end && body[at] == '\r' && body[at + 1] == '\n') {
            crlfLineSeen = true;
        } else if (at + 1 == end && body[at] == '\n') {
            flags.add(MultipartFlag.LF_LINE);
        } else {
            fail("Multipart: Invalid boundary: " + lineText(start, end));
            return;
        }
        closePart();
        boundaryCount++;
        if (isFinal) {
            finalBoundarySeen = true;
        } else {
            part = new Part();
        }
    }

    /** Errors for lines that try to be our boundary with quotes or leading whitespace. */
    private boolean checkBoundaryLookalike(int start, int end) {
        if (flags.contains(MultipartFlag.BOUNDARY_QUOTED) && body[start + 2] == '"'
                && regionEquals(start + 3, end, boundaryBytes)) {
            fail("Multipart: Invalid boundary (quotes).");
            return false;
        }
        int p = start + 2;
        while (p < end && ByteStrings.isCSpace(body[p])) {
            p++;
        }
        if (p != start + 2 && regionEquals(p, end, boundaryBytes)) {
            fail("Multipart: Invalid boundary (whitespace).");
            return false;
        }
        return true;
    }

    /** A line that is not a boundary: preamble, part header or part content. */
    private void processContentLine(int start, int end) {
        if (part == null) {
            flags.add(MultipartFlag.DATA_BEFORE);
        } else if (part.inHeaders) {
            processHeaderLine(start, end);
        } else {
            part.appendContentLine(start, end);
        }
    }

    private void processHeaderLine(int start, int end) {
        int length = end - start;
        if (length >= HEADER_LINE_LIMIT) {
            fail("Multipart: Part header line over " + HEADER_LINE_LIMIT + " bytes long");
            return;
        }
        if (indexOf(body, (byte) 0, start, end) >= 0) {
            fail("Multipart: Nul byte in part headers.");
            return;
        }
        if (length > 1 && body[end - 2] == '\r') {
            crlfLineSeen = true;
        } else {
            flags.add(MultipartFlag.LF_LINE);
        }
        String line = ByteStrings.of(body, start, end - lineBreakLength(start, end));
        if (line.isEmpty()) {
            endHeaders();
        } else if (ByteStrings.isCSpace(line.charAt(0))) {
            continueFoldedHeader(line);
        } else {
            addHeader(line);
        }
    }

    private void continueFoldedHeader(String line) {
        flags.add(MultipartFlag.HEADER_FOLDING);
        if (part.lastHeaderName == null) {
            fail("Multipart: Invalid part header (folding error).");
            return;
        }
        int dataStart = 0;
        while (dataStart < line.length() && ByteStrings.isCSpace(line.charAt(dataStart))) {
            if (line.charAt(dataStart) != ' ' && line.charAt(dataStart) != '\t') {
                flags.add(MultipartFlag.INVALID_HEADER_FOLDING); // RFC folding is SP / HTAB only
            }
            dataStart++;
        }
        String continuation = line.substring(dataStart);
        String key = part.lastHeaderName.toLowerCase(Locale.ROOT);
        String value = part.headers.get(key) + " " + continuation;
        if (value.length() > HEADER_LINE_LIMIT) {
            fail("Multipart: Part header too long.");
            return;
        }
        part.headers.put(key, value);
        int last = part.headerLines.size() - 1;
        part.headerLines.set(last, part.headerLines.get(last) + " " + continuation);
    }

    private void addHeader(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            fail("Multipart: Invalid part header (colon missing): " + line + ".");
            return;
        }
        if (colon == 0) {
            fail("Multipart: Invalid part header (header name missing).");
            return;
        }
        String name = line.substring(0, colon);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126) {
                fail("Multipart: Invalid part header (invalid character in header name): " + name + ".");
                return;
            }
        }
        int valueStart = colon + 1;
        while (valueStart < line.length() && (line.charAt(valueStart) == ' ' || line.charAt(valueStart) == '\t')) {
            valueStart++;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (part.headers.containsKey(key)) {
            fail("Multipart: Duplicate part header: " + name + ".");
            return;
        }
        part.headers.put(key, line.substring(valueStart));
        part.headerLines.add(line);
        part.lastHeaderName = name;
    }

    /** The empty line after the part headers: decide what the part is. */
    private void endHeaders() {
        String disposition = part.headers.get("content-disposition");
        if (disposition == null) {
            fail("Multipart: Part missing Content-Disposition header.");
            return;
        }
        ContentDisposition.Result parsed = ContentDisposition.parse(disposition, names::add, fileNames::add);
        if (parsed.invalidQuoting()) {
            flags.add(MultipartFlag.INVALID_QUOTING);
        }
        if (!parsed.valid()) {
            fail("Multipart: Invalid Content-Disposition header (" + parsed.code() + "): " + disposition);
            return;
        }
        if (parsed.name() == null || parsed.name().isEmpty()) {
            fail("Multipart: Content-Disposition header missing name field.");
            return;
        }
        if (parsed.filename() != null && !disposition.contains("filename=")) {
            // a backend that looks for "filename=" literally would not see this file
            fail("Multipart: Invalid Content-Disposition header (filename).");
            return;
        }
        part.name = parsed.name();
        part.filename = parsed.filename();
        part.inHeaders = false;
        if (part.filename != null) {
            fileCount++;
            if (fileCount > limits.maxFiles()) {
                flags.add(MultipartFlag.FILE_LIMIT_EXCEEDED);
            }
        }
        for (String line : part.headerLines) {
            partHeaders.add(new Arg(part.name, line));
        }
    }

    /** Ends the part in progress, if any, and records it. */
    private void closePart() {
        if (part == null) {
            return;
        }
        if (part.inHeaders) {
            flags.add(MultipartFlag.INVALID_PART); // no name: ModSecurity skips such parts
        } else if (part.filename != null) {
            String contentType = part.headers.getOrDefault("content-type", "");
            files.add(new FilePart(part.name, part.filename, part.size, contentType, part.content.toString()));
        } else if (!args.add(part.name, part.content.toString())) {
            fail(ArgList.limitMessage(limits.maxArgs()));
        }
        part = null;
    }

    private void finishWithPartialLine(int start) {
        if (complete && boundaryCount > 0 && isExactly(start, body.length, "--" + boundary + "--")) {
            closePart(); // a final boundary without its line break is fine
            boundaryCount++;
            finalBoundarySeen = true;
            return;
        }
        if (!isDelimiterPrefix(start, body.length) || complete) {
            if (part == null) {
                flags.add(MultipartFlag.DATA_BEFORE);
            } else if (!part.inHeaders) {
                part.appendContentLine(start, body.length);
            }
        }
        finishWithoutFinalBoundary();
    }

    private void finishWithoutFinalBoundary() {
        if (part != null && !part.inHeaders) {
            closePart();
        }
        if (complete && error == null) {
            fail(boundaryCount > 0 ? "Multipart: Final boundary missing." : "Multipart: No boundaries found in payload.");
        }
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    private ParsedBody result() {
        boolean failed = error != null;
        if (crlfLineSeen && flags.contains(MultipartFlag.LF_LINE)) {
            flags.add(MultipartFlag.CRLF_LF_LINES);
        }
        MultipartData data = new MultipartData(files, partHeaders, names, fileNames,
                MultipartFlag.toVariables(flags, failed));
        return new ParsedBody(BodyProcessor.MULTIPART.name(), args.toList(), failed, failed ? error : "",
                false, args.limitExceeded(), data, XmlData.EMPTY);
    }

    /** The part being built. */
    private final class Part {
        boolean inHeaders = true;
        final Map<String, String> headers = new LinkedHashMap<>(); // lower-cased name -> value
        final List<String> headerLines = new ArrayList<>();
        String lastHeaderName;
        String name;
        String filename;
        final StringBuilder content = new StringBuilder();
        long size;
        /** The line break that ended the previous content line: content only if more follows. */
        private int pendingBreakStart = -1;
        private int pendingBreakEnd = -1;

        void appendContentLine(int start, int end) {
            if (pendingBreakStart >= 0) {
                append(pendingBreakStart, pendingBreakEnd);
            }
            int breakLength = lineBreakLength(start, end);
            append(start, end - breakLength);
            pendingBreakStart = breakLength > 0 ? end - breakLength : -1;
            pendingBreakEnd = end;
        }

        private void append(int from, int to) {
            size += to - from;
            int room = filename == null ? Integer.MAX_VALUE : limits.maxFileBytesKept() - content.length();
            int kept = Math.min(room, to - from);
            for (int i = from; i < from + kept; i++) {
                content.append((char) (body[i] & 0xff));
            }
        }
    }

    /** Length of the CRLF or LF ending {@code [start, end)}, 0 if there is none. */
    private int lineBreakLength(int start, int end) {
        if (end > start && body[end - 1] == '\n') {
            return end - 1 > start && body[end - 2] == '\r' ? 2 : 1;
        }
        return 0;
    }

    private boolean regionEquals(int start, int end, byte[] expected) {
        if (end - start < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (body[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int start, int end, byte[] needle) {
        for (int i = start; i + needle.length <= end; i++) {
            if (body[i] == needle[0] && regionEquals(i, end, needle)) {
                return true;
            }
        }
        return false;
    }

    private boolean isExactly(int start, int end, String expected) {
        return end - start == expected.length() && regionEquals(start, end, ByteStrings.toBytes(expected));
    }

    /** Whether {@code [start, end)} could be the beginning of a boundary line cut by truncation. */
    private boolean isDelimiterPrefix(int start, int end) {
        return isPrefixOf(start, end, "--" + boundary + "\r\n") || isPrefixOf(start, end, "--" + boundary + "--\r\n");
    }

    private boolean isPrefixOf(int start, int end, String line) {
        int length = end - start;
        return length <= line.length() && regionEquals(start, end, ByteStrings.toBytes(line.substring(0, length)));
    }

    private String lineText(int start, int end) {
        return ByteStrings.of(body, start, end - lineBreakLength(start, end));
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        return indexOf(bytes, b, from, bytes.length);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
