package io.caracal.waf.internal.body;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlBodyParserTest {

    private static ParsedBody parse(String xml) {
        return parse(xml, true);
    }

    private static ParsedBody parse(String xml, boolean complete) {
        return parse(xml.getBytes(StandardCharsets.UTF_8), complete, Limits.DEFAULT);
    }

    private static ParsedBody parse(byte[] xml, boolean complete, Limits limits) {
        return RequestBodyParser.parse("application/xml", xml, complete, limits);
    }

    @Test
    void collectsRootTextAndAttributeValues() {
        ParsedBody parsed = parse("<?xml version=\"1.0\"?><a><b x=\"1\" y='2'>hi</b><c z=\"3\">there</c></a>");
        assertEquals("XML", parsed.processor());
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals("hithere", parsed.xml().rootText());
        assertEquals(List.of("1", "2", "3"), parsed.xml().attributeValues());
        assertEquals(List.of("hithere", "1", "2", "3"), parsed.xmlValues());
        assertEquals(List.of(), parsed.args());
    }

    @Test
    void rootTextKeepsWhitespaceCdataAndDecodedReferences() {
        ParsedBody parsed = parse("<!-- c --><a>\n <b><![CDATA[<script>]]></b>&lt;&#65;&#x42;<!-- no --><?pi x?></a>\n");
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals("\n <script><AB", parsed.xml().rootText());
    }

    @Test
    void namespaceDeclarationsAreNotAttributes() {
        ParsedBody parsed = parse("<s:a xmlns:s=\"urn:x\" xmlns=\"urn:y\" s:k=\"v\" k2=\"w\"/>");
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of("v", "w"), parsed.xml().attributeValues());
        assertEquals("", parsed.xml().rootText());
    }

    @Test
    void attributeValuesAreNormalizedAndDecoded() {
        ParsedBody parsed = parse("<a v=\"x&amp;y&quot;\tz\"/>");
        assertEquals(List.of("x&y\" z"), parsed.xml().attributeValues());
    }

    @Test
    void valuesAreUtf8ByteStrings() {
        assertEquals("caf\u00c3\u00a9", parse("<a>caf\u00e9</a>").xml().rootText());
        byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a v=\"\u00e9\">\u00e9</a>"
                .getBytes(StandardCharsets.ISO_8859_1);
        ParsedBody parsed = parse(latin1, true, Limits.DEFAULT);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals("\u00c3\u00a9", parsed.xml().rootText());
        assertEquals(List.of("\u00c3\u00a9"), parsed.xml().attributeValues());
    }

    @Test
    void malformedDocumentIsAnErrorAndKeepsWhatWasRead() {
        ParsedBody parsed = parse("<a k=\"v\">text<b></a>");
        assertTrue(parsed.error());
        assertTrue(parsed.errorMessage().startsWith("XML parsing error: "), parsed.errorMessage());
        assertEquals(List.of("v"), parsed.xml().attributeValues());
        assertEquals("text", parsed.xml().rootText());
    }

    @Test
    void otherMalformations() {
        assertTrue(parse("<a>x</a><b/>").error(), "two roots");
        assertTrue(parse("<a>x</a>junk").error(), "trailing text");
        assertTrue(parse("<a x='1' x='2'/>").error(), "duplicate attribute");
        assertTrue(parse("<a>&undeclared;</a>").error(), "undeclared entity");
        assertTrue(parse("not xml").error(), "not xml");
        assertTrue(parse("   ").error(), "no root");
        assertNull(parse("not xml").xml().rootText());
    }

    @Test
    void doctypeIsRejectedAndNothingIsRead(@TempDir Path dir) throws IOException {
        String secret = "TOP-SECRET-" + System.nanoTime();
        Path file = dir.resolve("secret.txt");
        Files.writeString(file, secret);
        Path dtd = dir.resolve("evil.dtd");
        Files.writeString(dtd, "<!ENTITY leak SYSTEM \"" + file.toUri() + "\">");
        String[] attacks = {
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + file.toUri() + "\">]><r>&x;</r>",
            "<!DOCTYPE r SYSTEM \"" + dtd.toUri() + "\"><r>&leak;</r>",
            "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + dtd.toUri() + "\"> %p;]><r a=\"&leak;\">&leak;</r>",
            "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>",
        };
        for (String attack : attacks) {
            for (boolean complete : new boolean[] {true, false}) {
                ParsedBody parsed = parse(attack, complete);
                assertTrue(parsed.error(), attack);
                assertEquals("XML parsing error: DTD not allowed", parsed.errorMessage(), attack);
                for (String value : parsed.xmlValues()) {
                    assertFalse(value.contains(secret), attack);
                    assertFalse(value.contains("aaaaaaaaaa"), attack);
                }
            }
        }
        // a DOCTYPE cut short by truncation is still reported
        ParsedBody cut = parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"" + file.toUri(), false);
        assertEquals("XML parsing error: DTD not allowed", cut.errorMessage());
    }

    @Test
    void doctypeIsFoundBehindBomsCommentsAndInUtf16() {
        String attack = "<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>";
        String[] variants = {"\ufeff" + attack, "<?xml version=\"1.0\"?>\n<!-- hi -->\n<?pi?>" + attack};
        for (String variant : variants) {
            assertEquals("XML parsing error: DTD not allowed", parse(variant).errorMessage(), variant);
        }
        for (java.nio.charset.Charset utf16 : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE)) {
            ParsedBody parsed = parse(attack.getBytes(utf16), true, Limits.DEFAULT);
            assertEquals("XML parsing error: DTD not allowed", parsed.errorMessage(), utf16.name());
        }
        // not a DOCTYPE: text that merely mentions one
        ParsedBody text = parse("<a><![CDATA[<!DOCTYPE x>]]></a>");
        assertFalse(text.error(), text.errorMessage());
        assertEquals("<!DOCTYPE x>", text.xml().rootText());
    }

    @Test
    void malformedDoctypesLeaveStandardErrorAlone() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd", true);
            parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd", false);
            parse("<!DOCTYPE", false);
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsUtf16Documents() {
        byte[] utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a v=\"\u00e9\">\u00e9</a>".getBytes(StandardCharsets.UTF_16);
        ParsedBody parsed = parse(utf16, true, Limits.DEFAULT);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of("\u00c3\u00a9", "\u00c3\u00a9"), parsed.xmlValues());
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        Limits limits = Limits.DEFAULT.withXmlDepth(3);
        assertFalse(parse("<a><b><c>x</c></b></a>".getBytes(StandardCharsets.UTF_8), true, limits).error());
        ParsedBody deep = parse("<a><b><c><d>x</d></c></b></a>".getBytes(StandardCharsets.UTF_8), true, limits);
        assertTrue(deep.error());
        assertEquals("XML parsing error: XML depth limit exceeded (3)", deep.errorMessage());
        assertTrue(parse("<a>".repeat(300) + "</a>".repeat(300)).error(), "default limit is 256");
    }

    @Test
    void truncatedBodyEndsQuietly() {
        ParsedBody parsed = parse("<a><b x=\"1\">hello</b><c y=\"2\">wor", false);
        assertFalse(parsed.error(), parsed.errorMessage());
        assertEquals(List.of("1", "2"), parsed.xml().attributeValues());
        assertTrue(parsed.xml().rootText().startsWith("hello"), parsed.xml().rootText());

        assertFalse(parse("<a><b x=\"1", false).error());
        assertFalse(parse("<a>\n<b>\r\n<c", false).error());
        assertFalse(parse("<a>caf\u00e9</a", false).error());
        byte[] cutCharacter = {'<', 'a', '>', 'x', (byte) 0xc3};
        assertFalse(parse(cutCharacter, false, Limits.DEFAULT).error());
    }

    @Test
    void truncationIsAnErrorWhenTheBodyIsSaidToBeComplete() {
        assertTrue(parse("<a><b x=\"1\">hello</b><c y=\"2\">wor", true).error());
    }

    @Test
    void malformedDataBeforeTheCutIsStillAnError() {
        assertTrue(parse("<a><<b>" + "x".repeat(100), false).error());
        assertTrue(parse("<a>x</a>junk", false).error(), "after the root nothing is truncation");
    }

    @Test
    void emptyBodyIsNotAnError() {
        ParsedBody parsed = parse("");
        assertFalse(parsed.error());
        assertEquals("XML", parsed.processor());
        assertEquals(List.of(), parsed.xmlValues());
    }
}
