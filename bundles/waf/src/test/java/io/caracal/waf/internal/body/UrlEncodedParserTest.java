package io.caracal.waf.internal.body;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlEncodedParserTest {

    private static Arg arg(String name, String value) {
        return new Arg(name, value);
    }

    @Test
    void splitsPairsOnAmpersand() {
        assertEquals(List.of(arg("a", "1"), arg("b", "2")), UrlEncodedParser.parse("a=1&b=2"));
    }

    @Test
    void decodesPlusAndPercentEscapesInNamesAndValues() {
        assertEquals(List.of(arg("first name", "J A")), UrlEncodedParser.parse("first+name=J%20%41"));
        assertEquals(List.of(arg("k", "<script>")), UrlEncodedParser.parse("k=%3cscript%3E"));
    }

    @Test
    void leavesInvalidEscapesAsTheyAreAndReportsThem() {
        UrlEncodedParser.Result result = UrlEncodedParser.parse("a=%2&b=%zz&c=%%41&d%2=x", '&', 1000);
        assertEquals(List.of(arg("a", "%2"), arg("b", "%zz"), arg("c", "%A"), arg("d%2", "x")), result.args());
        assertTrue(result.invalidEncoding());
    }

    @Test
    void escapeCutByTheEndOfTheValueIsInvalid() {
        UrlEncodedParser.Result result = UrlEncodedParser.parse("a=%4&b=1", '&', 1000);
        assertEquals(List.of(arg("a", "%4"), arg("b", "1")), result.args());
        assertTrue(result.invalidEncoding());
    }

    @Test
    void validInputReportsNoInvalidEncoding() {
        assertFalse(UrlEncodedParser.parse("a=%41+b", '&', 1000).invalidEncoding());
    }

    @Test
    void decodesNulBytes() {
        assertEquals(List.of(arg("a", "x\0y")), UrlEncodedParser.parse("a=x%00y"));
    }

    @Test
    void keepsRepeatedNamesInOrder() {
        assertEquals(List.of(arg("a", "1"), arg("b", "2"), arg("a", "3")), UrlEncodedParser.parse("a=1&b=2&a=3"));
    }

    @Test
    void keepsEmptyNamesAndValuesLikeModSecurity() {
        assertEquals(List.of(arg("", "v")), UrlEncodedParser.parse("=v"));
        assertEquals(List.of(arg("a", "")), UrlEncodedParser.parse("a="));
        assertEquals(List.of(arg("a", "")), UrlEncodedParser.parse("a"));
        assertEquals(List.of(arg("", "")), UrlEncodedParser.parse("="));
        assertEquals(List.of(arg("a", ""), arg("", ""), arg("b", "")), UrlEncodedParser.parse("a&&b"));
        assertEquals(List.of(arg("", ""), arg("a", "1")), UrlEncodedParser.parse("&a=1"));
    }

    @Test
    void trailingSeparatorAddsNothing() {
        assertEquals(List.of(arg("a", "1")), UrlEncodedParser.parse("a=1&"));
        assertEquals(List.of(arg("a", "1"), arg("", "")), UrlEncodedParser.parse("a=1&&"));
        assertEquals(List.of(), UrlEncodedParser.parse(""));
    }

    @Test
    void onlyTheFirstEqualsSignSplits() {
        assertEquals(List.of(arg("a", "b=c")), UrlEncodedParser.parse("a=b=c"));
    }

    @Test
    void semicolonIsNotASeparatorByDefault() {
        assertEquals(List.of(arg("a", "1;b=2")), UrlEncodedParser.parse("a=1;b=2"));
    }

    @Test
    void separatorCanBeChanged() {
        assertEquals(List.of(arg("a", "1"), arg("b", "2&c")), UrlEncodedParser.parse("a=1;b=2&c", ';', 1000).args());
    }

    @Test
    void keepsUtf8AsBytes() {
        // %C3%A9 is "é" in UTF-8: two bytes, two chars in the byte string
        assertEquals(List.of(arg("q", "\u00c3\u00a9")), UrlEncodedParser.parse("q=%C3%A9"));
        // raw UTF-8 bytes in the query string arrive as their byte string and stay untouched
        assertEquals(List.of(arg("q", "\u00c3\u00a9+")), UrlEncodedParser.parse("q=\u00c3\u00a9%2B"));
        assertEquals(List.of(arg("\u00ff", "\u0080")), UrlEncodedParser.parse("%ff=%80"));
    }

    @Test
    void stopsAtTheArgumentLimit() {
        UrlEncodedParser.Result result = UrlEncodedParser.parse("a=1&b=2&c=3", '&', 2);
        assertEquals(List.of(arg("a", "1"), arg("b", "2")), result.args());
        assertTrue(result.limitExceeded());
        assertFalse(UrlEncodedParser.parse("a=1&b=2", '&', 2).limitExceeded());
    }

    @Test
    void handlesManySegmentsWithoutEqualsQuickly() {
        String raw = "a&".repeat(200_000) + "z=1";
        UrlEncodedParser.Result result = UrlEncodedParser.parse(raw, '&', 1_000_000);
        assertEquals(200_001, result.args().size());
        assertEquals(arg("z", "1"), result.args().get(200_000));
    }
}
