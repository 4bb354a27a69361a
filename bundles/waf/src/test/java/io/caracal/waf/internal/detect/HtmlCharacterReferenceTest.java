package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlCharacterReferenceTest {

    /** Decodes the whole string. */
    private static String decode(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            long d = HtmlCharacterReference.decode(s, i, s.length());
            out.appendCodePoint(HtmlCharacterReference.codePoint(d));
            i = HtmlCharacterReference.next(d);
        }
        return out.toString();
    }

    @Test
    void numericReferences() {
        assertEquals("j", decode("&#106;"));
        assertEquals("j", decode("&#106"));
        assertEquals("ja", decode("&#0000106&#0000097"));
        assertEquals("j", decode("&#x6A;"));
        assertEquals("j", decode("&#X6a"));
        assertEquals("\uFFFD", decode("&#0;"));
        assertEquals("\uFFFD", decode("&#x110000;"));
        assertEquals("\uFFFD", decode("&#99999999999999999999;"));
        assertEquals("&#;", decode("&#;"));
        assertEquals("&#x;", decode("&#x;"));
    }

    @Test
    void namedReferences() {
        assertEquals(":", decode("&colon;"));
        assertEquals("\t", decode("&Tab;"));
        assertEquals("\n", decode("&NewLine;"));
        assertEquals("(", decode("&lpar;"));
        assertEquals("<", decode("&lt;"));
        assertEquals("<", decode("&lt"));
        assertEquals("&colon", decode("&colon")); // not a legacy name: needs its semicolon
        assertEquals("&unknown;", decode("&unknown;"));
        assertEquals("&amp=", decode("&amp=")); // legacy name followed by '=' stays text in attributes
        assertEquals("a & b", decode("a & b"));
    }
}
