package io.caracal.waf.internal.body;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CookieParserTest {

    private static Arg arg(String name, String value) {
        return new Arg(name, value);
    }

    private static List<Arg> parse(String... headers) {
        return CookieParser.parse(List.of(headers));
    }

    @Test
    void splitsOnSemicolonAndTrimsLeadingWhitespaceOfNames() {
        assertEquals(List.of(arg("a", "1"), arg("b", "2")), parse("a=1; b=2"));
    }

    @Test
    void keepsValuesRaw() {
        assertEquals(List.of(arg("a", " 1 "), arg("b", "%41+"), arg("c", "\"x y\"")),
                parse("a= 1 ; b=%41+; c=\"x y\""));
    }

    @Test
    void trimsOnlyWhitespaceAfterTheLastPair() {
        assertEquals(List.of(arg("a", "1 "), arg("b ", " 2")), parse("  a=1 ;  b = 2 \t"));
        assertEquals(List.of(arg("a", "1")), parse("a=1  ;"));
    }

    @Test
    void cookieWithoutEqualsHasAnEmptyValue() {
        assertEquals(List.of(arg("flag", ""), arg("a", "1")), parse("flag; a=1"));
    }

    @Test
    void skipsEmptyPiecesAndEmptyNames() {
        assertEquals(List.of(arg("b", "2")), parse("=x; ;;b=2;"));
        assertEquals(List.of(), parse(""));
    }

    @Test
    void onlyTheFirstEqualsSignSplits() {
        assertEquals(List.of(arg("a", "b=c")), parse("a=b=c"));
    }

    @Test
    void readsEveryCookieHeaderAndKeepsDuplicates() {
        assertEquals(List.of(arg("a", "1"), arg("a", "2"), arg("b", "")), parse("a=1", "a=2; b="));
    }

    @Test
    void keepsNonAsciiBytes() {
        assertEquals(List.of(arg("n\u00c3\u00a9", "\u00ff")), parse("n\u00c3\u00a9=\u00ff"));
    }
}
