package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StringOperatorsTest {

    private static boolean test(String operator, String argument, String input) {
        return op(operator, argument).matches(input, FakeMatchContext.plain());
    }

    @Test
    void streqIsExactAndCaseSensitive() {
        assertTrue(test("streq", "POST", "POST"));
        assertFalse(test("streq", "POST", "post"));
        assertFalse(test("streq", "POST", "POST "));
        assertTrue(test("streq", "", ""));
    }

    @Test
    void containsBeginsWithEndsWith() {
        assertTrue(test("contains", "/remote.php/dav/", "/x/remote.php/dav/files/"));
        assertFalse(test("contains", "abc", "ab"));
        assertTrue(test("beginsWith", "/wp-", "/wp-admin"));
        assertFalse(test("beginsWith", "/wp-", "x/wp-admin"));
        assertTrue(test("endsWith", ".pdf", "/doc.pdf"));
        assertFalse(test("endsWith", ".pdf", "/doc.pdf?x"));
    }

    @Test
    void emptyArgumentMatchesEverything() {
        assertTrue(test("contains", "", "x"));
        assertTrue(test("beginsWith", "", "x"));
        assertTrue(test("endsWith", "", "x"));
        assertTrue(test("containsWord", "", "x"));
    }

    @Test
    void withinLooksForTheInputInsideTheArgument() {
        assertTrue(test("within", "GET HEAD POST OPTIONS", "HEAD"));
        assertFalse(test("within", "GET HEAD POST OPTIONS", "PUT"));
        assertTrue(test("within", "|utf-8|iso-8859-1|", "|utf-8|"));
        assertTrue(test("within", "GET HEAD", ""), "an empty input is within anything");
    }

    @Test
    void containsWordNeedsWordBoundaries() {
        assertTrue(test("containsWord", "select", "1 select 2"));
        assertTrue(test("containsWord", "select", "select"));
        assertTrue(test("containsWord", "select", "(select)"));
        assertFalse(test("containsWord", "select", "selection"));
        assertFalse(test("containsWord", "select", "_select"));
        assertTrue(test("containsWord", "select", "selection select"));
    }

    @Test
    void strmatch() {
        assertTrue(test("strmatch", "WebZIP", "Mozilla WebZIP/4"));
        assertFalse(test("strmatch", "WebZIP", "webzip"));
        assertThrows(IllegalArgumentException.class, () -> op("strmatch", ""));
    }

    @Test
    void argumentsWithMacrosAreExpandedPerCall() {
        Operator within = op("within", "%{tx.allowed_methods}");
        assertTrue(within.matches("POST", FakeMatchContext.plain().with("tx.allowed_methods", "GET HEAD POST")));
        assertFalse(within.matches("POST", FakeMatchContext.plain().with("tx.allowed_methods", "GET HEAD")));
        Operator streq = op("streq", "%{request_headers.host}");
        assertTrue(streq.matches("example.com", FakeMatchContext.plain().with("request_headers.host", "example.com")));
        Operator within2 = op("within", "|%{tx.charsets}|");
        assertTrue(within2.matches("|utf-8|", FakeMatchContext.plain().with("tx.charsets", "utf-8|iso-8859-1")));
    }

    @Test
    void argumentsWithoutMacrosAreNotExpanded() {
        FakeMatchContext context = FakeMatchContext.plain();
        assertTrue(op("contains", "50%").matches("50% off", context));
        assertTrue(context.expanded.isEmpty());
    }
}
