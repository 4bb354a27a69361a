package io.caracal.waf.internal.body;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartParserTest {
    private static final String CT = "multipart/form-data; boundary=XyZ";

    private static Arg arg(String name, String value) {
        return new Arg(name, value);
    }

    /** Joins lines with CRLF and ends with CRLF. */
    private static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static ParsedBody parse(String body) {
        return parse(CT, body, true);
    }

    private static ParsedBody parse(String contentType, String body, boolean complete) {
        return parse(contentType, body, complete, Limits.DEFAULT);
    }

    private static ParsedBody parse(String contentType, String body, boolean complete, Limits limits) {
        return RequestBodyParser.parse(contentType, ByteStrings.toBytes(body), complete, limits);
    }

    private static int flag(ParsedBody parsed, String name) {
        return parsed.multipart().flag(name);
    }

    private static void assertNoFlags(ParsedBody parsed) {
        parsed.multipart().flags().forEach((name, value) -> assertEquals(0, value, name));
    }

    private static final String FORM = crlf(
            "--XyZ",
            "Content-Disposition: form-data; name=\"user\"",
            "",
            "alice",
            "--XyZ",
            "Content-Disposition: form-data; name=\"note\"",
            "",
            "line one",
            "line two",
            "--XyZ",
            "Content-Disposition: form-data; name=\"upload\"; filename=\"a.php\"",
            "Content-Type: application/x-php",
            "",
            "<?php echo 1; ?>",
            "--XyZ",
            "Content-Disposition: form-data; name=\"empty\"",
            "",
            "",
            "--XyZ--");

    @Test
    void parsesFieldsAndFiles() {
        ParsedBody parsed = parse(FORM);
        assertEquals("MULTIPART", parsed.processor());
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals("", parsed.errorMessage());
        assertEquals(List.of(arg("user", "alice"), arg("note", "line one\r\nline two"), arg("empty", "")), parsed.args());
        assertEquals(List.of(new FilePart("upload", "a.php", 16, "application/x-php", "<?php echo 1; ?>")),
                parsed.files());
        assertEquals(16, parsed.multipart().filesCombinedSize());
        assertEquals(List.of("user", "note", "upload", "empty"), parsed.multipart().names());
        assertEquals(List.of("a.php"), parsed.multipart().fileNames());
        assertNoFlags(parsed);
    }

    @Test
    void reportsEveryPartHeaderLineUnderThePartName() {
        assertEquals(List.of(
                        arg("user", "Content-Disposition: form-data; name=\"user\""),
                        arg("note", "Content-Disposition: form-data; name=\"note\""),
                        arg("upload", "Content-Disposition: form-data; name=\"upload\"; filename=\"a.php\""),
                        arg("upload", "Content-Type: application/x-php"),
                        arg("empty", "Content-Disposition: form-data; name=\"empty\"")),
                parse(FORM).multipart().partHeaders());
    }

    @Test
    void flagsAreNamedLikeModSecurityVariables() {
        Map<String, Integer> flags = parse(FORM).multipart().flags();
        assertEquals(List.of("MULTIPART_STRICT_ERROR", "MULTIPART_UNMATCHED_BOUNDARY", "MULTIPART_BOUNDARY_QUOTED",
                "MULTIPART_BOUNDARY_WHITESPACE", "MULTIPART_DATA_BEFORE", "MULTIPART_DATA_AFTER",
                "MULTIPART_HEADER_FOLDING", "MULTIPART_LF_LINE", "MULTIPART_CRLF_LF_LINES",
                "MULTIPART_MISSING_SEMICOLON", "MULTIPART_INVALID_QUOTING", "MULTIPART_INVALID_PART",
                "MULTIPART_INVALID_HEADER_FOLDING", "MULTIPART_FILE_LIMIT_EXCEEDED"), List.copyOf(flags.keySet()));
    }

    @Test
    void keepsBinaryContentAsBytes() {
        String content = "\u0000\u00ff\r\u00c3\u00a9\nnext";
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"b\"", "", content, "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("b", content)), parsed.args());
    }

    @Test
    void acceptsAQuotedBoundaryButFlagsIt() {
        ParsedBody parsed = parse("multipart/form-data; boundary=\"XyZ\"",
                crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ--"), true);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertEquals(1, flag(parsed, "MULTIPART_BOUNDARY_QUOTED"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void quotedBoundaryUsedWithQuotesInTheBodyIsAnError() {
        ParsedBody parsed = parse("multipart/form-data; boundary=\"XyZ\"",
                crlf("--\"XyZ\"", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ--"), true);
        assertTrue(parsed.error());
        assertEquals("Multipart: Invalid boundary (quotes).", parsed.errorMessage());
    }

    @Test
    void acceptsLfOnlyLinesButFlagsThem() {
        String body = "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nv1\n--XyZ--\n";
        ParsedBody parsed = parse(CT, body, true);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "v1")), parsed.args());
        assertEquals(1, flag(parsed, "MULTIPART_LF_LINE"));
        assertEquals(0, flag(parsed, "MULTIPART_CRLF_LF_LINES"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void flagsMixedLineEndings() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\n\r\nv1\r\n--XyZ--\r\n";
        ParsedBody parsed = parse(CT, body, true);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(1, flag(parsed, "MULTIPART_LF_LINE"));
        assertEquals(1, flag(parsed, "MULTIPART_CRLF_LF_LINES"));
    }

    @Test
    void flagsDataBeforeTheFirstBoundary() {
        ParsedBody parsed = parse(crlf("preamble", "--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1",
                "--XyZ--"));
        assertFalse(parsed.error());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertEquals(1, flag(parsed, "MULTIPART_DATA_BEFORE"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void flagsDataAfterTheFinalBoundary() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ--")
                + "epilogue");
        assertFalse(parsed.error());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertEquals(1, flag(parsed, "MULTIPART_DATA_AFTER"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void finalBoundaryMayLackItsLineBreak() {
        ParsedBody parsed = parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertNoFlags(parsed);
    }

    @Test
    void missingFinalBoundaryIsAnErrorForACompleteBody() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ",
                "Content-Disposition: form-data; name=\"b\"", "", "never closed");
        ParsedBody parsed = parse(CT, body, true);
        assertTrue(parsed.error());
        assertEquals("Multipart: Final boundary missing.", parsed.errorMessage());
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
        assertEquals(List.of(arg("a", "1"), arg("b", "never closed")), parsed.args());
    }

    @Test
    void missingFinalBoundaryIsFineForATruncatedBody() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ",
                "Content-Disposition: form-data; name=\"b\"", "", "cut her");
        ParsedBody parsed = parse(CT, body.substring(0, body.length() - 2), false);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "1"), arg("b", "cut her")), parsed.args());
        assertEquals(0, flag(parsed, "MULTIPART_STRICT_ERROR"));
        assertEquals(0, flag(parsed, "MULTIPART_UNMATCHED_BOUNDARY"));
    }

    @Test
    void truncationInsideABoundaryLineDropsThePartialBoundary() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "value") + "--Xy";
        ParsedBody parsed = parse(CT, body, false);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "value")), parsed.args());
    }

    @Test
    void truncationInsideFileContentCountsWhatArrived() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"f\"; filename=\"big.bin\"", "",
                "0123456789") + "abc";
        ParsedBody parsed = parse(CT, body, false);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(new FilePart("f", "big.bin", 15, "", "0123456789\r\nabc")), parsed.files());
    }

    @Test
    void truncationInsidePartHeadersIsNotAnError() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ")
                + "Content-Disposition: form-da";
        ParsedBody parsed = parse(CT, body, false);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertEquals(0, flag(parsed, "MULTIPART_INVALID_PART"));
    }

    @Test
    void bodyWithoutAnyBoundaryIsAnError() {
        ParsedBody parsed = parse(CT, crlf("just text", "more"), true);
        assertTrue(parsed.error());
        assertEquals("Multipart: No boundaries found in payload.", parsed.errorMessage());
        assertFalse(parse(CT, "just text", false).error());
    }

    @Test
    void unfoldsFoldedHeadersAndFlagsThem() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data;", "\tname=\"a\"", "", "1", "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertEquals(List.of(arg("a", "Content-Disposition: form-data; name=\"a\"")), parsed.multipart().partHeaders());
        assertEquals(1, flag(parsed, "MULTIPART_HEADER_FOLDING"));
        assertEquals(0, flag(parsed, "MULTIPART_INVALID_HEADER_FOLDING"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void foldingWithOtherWhitespaceIsInvalidFolding() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data;", "\u000bname=\"a\"", "", "1", "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(1, flag(parsed, "MULTIPART_INVALID_HEADER_FOLDING"));
    }

    @Test
    void foldingWithoutAHeaderIsAnError() {
        ParsedBody parsed = parse(crlf("--XyZ", " name=\"a\"", "", "1", "--XyZ--"));
        assertTrue(parsed.error());
        assertEquals("Multipart: Invalid part header (folding error).", parsed.errorMessage());
    }

    @Test
    void unquotesFilenamesLikeModSecurity() {
        assertEquals("a\"b.txt", fileName("filename=\"a\\\"b.txt\""));
        assertEquals("C:\\dir\\x.txt", fileName("filename=\"C:\\dir\\x.txt\""), "IE sends unescaped backslashes");
        assertEquals("a\\b", fileName("filename=\"a\\\\b\""));
        assertEquals("plain.txt", fileName("filename=plain.txt"));
        assertEquals("semi;colon.txt", fileName("filename=\"semi;colon.txt\""));
        assertEquals("", fileName("filename=\"\""));
    }

    private static String fileName(String parameter) {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"f\"; " + parameter, "", "x",
                "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(1, parsed.files().size());
        assertEquals(0, flag(parsed, "MULTIPART_INVALID_QUOTING"));
        return parsed.files().get(0).fileName();
    }

    @Test
    void singleQuotesWorkButAreInvalidQuoting() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name='f'; filename='x.php'", "", "x",
                "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals("x.php", parsed.files().get(0).fileName());
        assertEquals(1, flag(parsed, "MULTIPART_INVALID_QUOTING"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void singleQuoteInsideAValueIsInvalidQuoting() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"it's\"", "", "x", "--XyZ--"));
        assertFalse(parsed.error());
        assertEquals(List.of(arg("it's", "x")), parsed.args());
        assertEquals(1, flag(parsed, "MULTIPART_INVALID_QUOTING"));
    }

    @Test
    void rejectsContentDispositionsModSecurityRejects() {
        assertDispositionError("form-data; name=\"a\"; filename*=UTF-8''x.php", "(-11)");
        assertDispositionError("form-data; name=\"a\"; name=\"b\"", "(-14)");
        assertDispositionError("form-data; name=\"a\"; filename=\"x\"; filename=\"y\"", "(-15)");
        assertDispositionError("form-data; name=\"a", "(-10)");
        assertDispositionError("attachment; name=\"a\"", "(-1)");
        assertDispositionError("form-data; name=\"a\"x", "(-12)");
        assertDispositionError("form-data; name", "(-4)");
    }

    private static void assertDispositionError(String disposition, String code) {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: " + disposition, "", "x", "--XyZ--"));
        assertTrue(parsed.error(), disposition);
        assertTrue(parsed.errorMessage().startsWith("Multipart: Invalid Content-Disposition header " + code),
                parsed.errorMessage());
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void filenameThatNaiveParsersMissIsAnError() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"f\"; filename =\"x.php\"", "",
                "x", "--XyZ--"));
        assertTrue(parsed.error());
        assertEquals("Multipart: Invalid Content-Disposition header (filename).", parsed.errorMessage());
    }

    @Test
    void reportsNamesAndFilenamesEvenFromFailingHeaders() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"; filename=\"evil.php\"; x=1",
                "", "x", "--XyZ--"));
        assertTrue(parsed.error());
        assertEquals(List.of("a"), parsed.multipart().names());
        assertEquals(List.of("evil.php"), parsed.multipart().fileNames());
    }

    @Test
    void partHeaderErrors() {
        assertPartError(crlf("--XyZ", "Content-Type: text/plain", "", "x", "--XyZ--"),
                "Multipart: Part missing Content-Disposition header.");
        assertPartError(crlf("--XyZ", "Content-Disposition: form-data", "", "x", "--XyZ--"),
                "Multipart: Content-Disposition header missing name field.");
        assertPartError(crlf("--XyZ", "Content-Disposition: form-data; name=\"\"", "", "x", "--XyZ--"),
                "Multipart: Content-Disposition header missing name field.");
        assertPartError(crlf("--XyZ", "no colon here", "", "x", "--XyZ--"),
                "Multipart: Invalid part header (colon missing): no colon here.");
        assertPartError(crlf("--XyZ", ": value", "", "x", "--XyZ--"),
                "Multipart: Invalid part header (header name missing).");
        assertPartError(crlf("--XyZ", "Content-Disposition : form-data; name=\"a\"", "", "x", "--XyZ--"),
                "Multipart: Invalid part header (invalid character in header name): Content-Disposition .");
        assertPartError(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"",
                        "content-disposition: form-data; name=\"b\"", "", "x", "--XyZ--"),
                "Multipart: Duplicate part header: content-disposition.");
        assertPartError(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\u0000\"", "", "x", "--XyZ--"),
                "Multipart: Nul byte in part headers.");
        assertPartError(crlf("--XyZ", "X-Long: " + "a".repeat(4100), "", "x", "--XyZ--"),
                "Multipart: Part header line over 4096 bytes long");
    }

    private static void assertPartError(String body, String message) {
        ParsedBody parsed = parse(body);
        assertTrue(parsed.error(), message);
        assertEquals(message, parsed.errorMessage());
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void errorKeepsThePartsCompletedBeforeIt() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ",
                "broken", "", "x", "--XyZ--"));
        assertTrue(parsed.error());
        assertEquals(List.of(arg("a", "1")), parsed.args());
    }

    @Test
    void emptyFilenameStillMakesAFilePart() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"f\"; filename=\"\"",
                "Content-Type: application/octet-stream", "", "", "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(), parsed.args());
        assertEquals(List.of(new FilePart("f", "", 0, "application/octet-stream", "")), parsed.files());
    }

    @Test
    void partWhoseHeadersNeverEndIsAnInvalidPart() {
        ParsedBody parsed = parse(crlf("--XyZ", "--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1",
                "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("a", "1")), parsed.args());
        assertEquals(1, flag(parsed, "MULTIPART_INVALID_PART"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void linesThatLookLikeBoundariesRaiseUnmatchedBoundary() {
        ParsedBody dashes = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "-- sql comment",
                "--XyZ--"));
        assertFalse(dashes.error());
        assertEquals(List.of(arg("a", "-- sql comment")), dashes.args());
        assertEquals(1, flag(dashes, "MULTIPART_UNMATCHED_BOUNDARY"));
        assertEquals(0, flag(dashes, "MULTIPART_STRICT_ERROR"), "not part of the strict error, as in ModSecurity");

        ParsedBody inside = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "x--XyZ",
                "--XyZ--"));
        assertEquals(1, flag(inside, "MULTIPART_UNMATCHED_BOUNDARY"));
    }

    @Test
    void boundaryFollowedByOtherCharactersIsAnError() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ-- ",
                "--XyZ--"));
        assertTrue(parsed.error());
        assertEquals("Multipart: Invalid boundary: --XyZ-- ", parsed.errorMessage());
    }

    @Test
    void boundaryWithLeadingWhitespaceIsAnError() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--  XyZ",
                "--XyZ--"));
        assertTrue(parsed.error());
        assertEquals("Multipart: Invalid boundary (whitespace).", parsed.errorMessage());
    }

    @Test
    void contentTypeProblems() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ--");
        assertContentTypeError("multipart/form-data", body, "Multipart: Boundary not found in C-T.");
        assertContentTypeError("multipart/form-data; Boundary=XyZ", body,
                "Multipart: Invalid boundary in C-T (case sensitivity).");
        assertContentTypeError("multipart/form-data; boundary=XyZ; charset=utf-8", body,
                "Multipart: Invalid boundary in C-T (characters).");
        assertContentTypeError("multipart/form-data; boundary=a; boundary=b", body,
                "Multipart: Multiple boundary parameters in C-T.");
        assertContentTypeError("multipart/form-data; boundary=\"XyZ", body, "Multipart: Invalid boundary in C-T (quote).");
        assertContentTypeError("multipart/form-data; boundary=", body, "Multipart: Invalid boundary in C-T (empty).");
        assertContentTypeError("multipart/form-data; x=1; boundary=XyZ", body,
                "Multipart: Invalid boundary in C-T (malformed).");
        assertContentTypeError("multipart/form-data; boundaryx=XyZ", body,
                "Multipart: Invalid boundary in C-T (parameter name).");
    }

    private static void assertContentTypeError(String contentType, String body, String message) {
        ParsedBody parsed = parse(contentType, body, true);
        assertTrue(parsed.error(), contentType);
        assertEquals(message, parsed.errorMessage(), contentType);
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
        assertEquals(List.of(), parsed.args());
    }

    @Test
    void toleratedContentTypeOddities() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1", "--XyZ--");
        ParsedBody noSemicolon = parse("multipart/form-data boundary=XyZ", body, true);
        assertFalse(noSemicolon.error(), noSemicolon.errorMessage());
        assertEquals(1, flag(noSemicolon, "MULTIPART_MISSING_SEMICOLON"));

        ParsedBody spaced = parse("multipart/form-data; boundary =XyZ", body, true);
        assertFalse(spaced.error(), spaced.errorMessage());
        assertEquals(1, flag(spaced, "MULTIPART_BOUNDARY_WHITESPACE"));
        assertEquals(List.of(arg("a", "1")), spaced.args());
    }

    @Test
    void charsetPartIsReportedForRule922100() {
        ParsedBody parsed = parse(crlf("--XyZ", "Content-Disposition: form-data; name=\"_charset_\"", "", "utf-7",
                "--XyZ", "Content-Disposition: form-data; name=\"t\"", "Content-Type: text/plain; charset=utf-7",
                "Content-Transfer-Encoding: base64", "", "x", "--XyZ--"));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(arg("_charset_", "Content-Disposition: form-data; name=\"_charset_\""),
                arg("t", "Content-Disposition: form-data; name=\"t\""),
                arg("t", "Content-Type: text/plain; charset=utf-7"),
                arg("t", "Content-Transfer-Encoding: base64")), parsed.multipart().partHeaders());
        assertEquals(List.of(arg("_charset_", "utf-7"), arg("t", "x")), parsed.args());
    }

    @Test
    void flagsTooManyFilesAndBoundsKeptContent() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"f1\"; filename=\"a\"", "", "0123456789",
                "--XyZ", "Content-Disposition: form-data; name=\"f2\"; filename=\"b\"", "", "x", "--XyZ--");
        ParsedBody parsed = parse(CT, body, true, Limits.DEFAULT.withMaxFiles(1).withMaxFileBytesKept(4));
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of(new FilePart("f1", "a", 10, "", "0123"), new FilePart("f2", "b", 1, "", "x")),
                parsed.files());
        assertEquals(11, parsed.multipart().filesCombinedSize());
        assertEquals(1, flag(parsed, "MULTIPART_FILE_LIMIT_EXCEEDED"));
        assertEquals(1, flag(parsed, "MULTIPART_STRICT_ERROR"));
    }

    @Test
    void countsLargeFilesInFullButKeepsOnlyTheirStart() {
        String content = "0123456789abcdef\r\n".repeat(200_000); // 3.6 MB of 18-byte lines
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"f\"; filename=\"big\"", "") + content
                + crlf("--XyZ--");
        ParsedBody parsed = parse(body);
        assertFalse(parsed.error(), parsed.errorMessage());
        FilePart file = parsed.files().get(0);
        assertEquals(content.length() - 2, file.size(), "the last CRLF belongs to the boundary");
        assertEquals(Limits.DEFAULT.maxFileBytesKept(), file.content().length());
        assertEquals(content.substring(0, file.content().length()), file.content());
    }

    @Test
    void stopsAtTheArgumentLimit() {
        String body = crlf("--XyZ", "Content-Disposition: form-data; name=\"a\"", "", "1",
                "--XyZ", "Content-Disposition: form-data; name=\"b\"", "", "2", "--XyZ--");
        ParsedBody parsed = parse(CT, body, true, Limits.DEFAULT.withMaxArgs(1));
        assertTrue(parsed.error());
        assertTrue(parsed.argsLimitExceeded());
        assertEquals(List.of(arg("a", "1")), parsed.args());
    }

    @Test
    void emptyBodyIsNotAnError() {
        ParsedBody parsed = parse(CT, "", true);
        assertEquals("MULTIPART", parsed.processor());
        assertFalse(parsed.error());
    }
}
