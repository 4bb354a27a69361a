package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RxOperatorTest {

    private static boolean rx(String pattern, String input) {
        return op("rx", pattern).matches(input, FakeMatchContext.plain());
    }

    @Test
    void searchesAnywhere() {
        assertTrue(rx("b+c", "abbcd"));
        assertFalse(rx("^b", "abc"));
    }

    @Test
    void dotMatchesNewlineAndDollarOnlyMatchesAtTheVeryEnd() {
        assertTrue(rx("a.b", "a\nb"));
        assertTrue(rx("abc$", "xabc"));
        assertFalse(rx("abc$", "abc\n"), "PCRE_DOLLAR_ENDONLY");
        assertTrue(rx("abc\\Z", "abc\n"));
        assertTrue(rx("(?m)abc$", "abc\nx"));
    }

    @Test
    void wordBoundariesAndClassesAreAscii() {
        assertTrue(rx("\\bselect\\b", "\u00e9select\u00e9"));
        assertFalse(rx("\\w", "\u00e9\u00c3"));
        assertTrue(rx("(?i)SELECT", "select"));
        assertFalse(rx("(?i)\u00c9", "\u00e9"));
    }

    @Test
    void pcreOnlySyntax() {
        assertTrue(rx("[^[]x", "ax"));
        assertTrue(rx("[a&&b]", "&"));
        assertTrue(rx("\\${", "${x}"));
        assertTrue(rx("x{,2}", "x{,2}"));
        assertTrue(rx("[[:digit:]]{3}", "a123"));
        assertTrue(rx("\\101\\x42\\x{43}", "ABC"));
        assertTrue(rx("(?x) a b # comment", "ab"));
        assertTrue(rx("a(?#comment)b", "ab"));
        assertTrue(rx("(?P<word>ab)(?P=word)", "abab"));
        assertTrue(rx("\\Qa.b\\E", "a.b"));
        assertFalse(rx("\\Qa.b\\E", "axb"));
    }

    @Test
    void ungreedyModeSwapsGreediness() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        assertTrue(op("rx", "(?U)<(.+)>").matches("<a><b>", context));
        assertEquals("a", context.captures.get(1));
    }

    @Test
    void capturesGroupsZeroToNineAndUnsetsTheRest() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        context.captures.putAll(Map.of(5, "stale", 9, "stale"));
        assertTrue(op("rx", "(a)(x)?(c)").matches("zac", context));
        assertEquals(Map.of(0, "ac", 1, "a", 2, "", 3, "c"), context.captures);
    }

    @Test
    void capturesAtMostNineGroups() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        assertTrue(op("rx", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)").matches("abcdefghij", context));
        assertEquals(10, context.captures.size());
        assertEquals("i", context.captures.get(9));
    }

    @Test
    void capturesNothingWithoutTheCaptureAction() {
        FakeMatchContext context = FakeMatchContext.plain();
        assertTrue(op("rx", "(a)").matches("a", context));
        assertTrue(context.captures.isEmpty());
    }

    @Test
    void invalidPatternNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op("rx", "(ab"));
        assertTrue(e.getMessage().startsWith("@rx: invalid regular expression '(ab': missing )"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> op("rx", "a**"));
        assertThrows(IllegalArgumentException.class, () -> op("rx", "[z-a]"));
        assertThrows(IllegalArgumentException.class, () -> op("rx", "(?R)"));
        assertThrows(IllegalArgumentException.class, () -> op("rx", "\\1(a)(b)\\3"));
    }

    @Test
    void macrosAreExpandedOnEveryCall() {
        Operator operator = op("rx", "^%{tx.allowed_charsets}$");
        FakeMatchContext utf8 = FakeMatchContext.plain().with("tx.allowed_charsets", "utf-8|iso-8859-1");
        assertTrue(operator.matches("utf-8", utf8));
        assertFalse(operator.matches("utf-7", utf8));
        FakeMatchContext other = FakeMatchContext.plain().with("tx.allowed_charsets", "utf-7");
        assertTrue(operator.matches("utf-7", other));
        assertEquals(List.of("^%{tx.allowed_charsets}$"), other.expanded);
    }

    @Test
    void invalidExpansionIsARuleError() {
        Operator operator = op("rx", "%{tx.bad}");
        FakeMatchContext context = FakeMatchContext.plain().with("tx.bad", "(");
        assertThrows(IllegalArgumentException.class, () -> operator.matches("x", context));
    }

    @Test
    void leadingDotStarIsAnchoredLikePcreWithoutChangingResults() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        Operator operator = op("rx", ".*\\.(php\\d*)\\.*$");
        assertTrue(operator.matches("/x/shell.php5", context));
        assertEquals("/x/shell.php5", context.captures.get(0));
        assertEquals("php5", context.captures.get(1));
        assertFalse(operator.matches("/x/shell.php5/", context));
    }
}
