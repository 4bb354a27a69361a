package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.NO_FILES;
import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Catastrophic backtracking ends in "no match" plus a limit event instead of hanging. */
class RegexLimitTest {

    @Test
    void catastrophicBacktrackingIsCutOff() {
        // (java.util.regex already defuses simpler cases such as ^(a+)+$ by memoizing group loops.)
        FakeMatchContext context = FakeMatchContext.plain();
        // The leading "b" and "x" get the inputs past the prefilter (each pattern needs one) to the search.
        assertFalse(op("rx", "((a+)+)+b").matches("b" + "a".repeat(64), context));
        assertFalse(op("rx", "(.*a){12}x").matches("x" + "a".repeat(64), context));
        assertEquals(List.of("rx: ((a+)+)+b", "rx: (.*a){12}x"), context.limitEvents);
    }

    @Test
    void theSameOperatorStillMatchesHarmlessInput() {
        FakeMatchContext context = FakeMatchContext.plain();
        Operator operator = op("rx", "((a+)+)+b");
        assertTrue(operator.matches("a".repeat(64) + "b", context));
        assertFalse(operator.matches("xyz", context));
        assertEquals(List.of(), context.limitEvents);
    }

    @Test
    void stackExhaustionOnVeryLongInputCountsAsLimitExceeded() {
        FakeMatchContext context = FakeMatchContext.plain();
        // java.util.regex recurses once per iteration of an alternation group. (The "c" near the
        // end gets the input past the prefilter, which would otherwise rule it out unsearched.)
        assertFalse(op("rx", "^(?:a|b)*c").matches("ab".repeat(500_000) + "xc", context));
        assertEquals(1, context.limitEvents.size());
    }

    @Test
    void theLimitIsConfigurable() {
        Operator strict = Operators.create("rx", "a.*b", NO_FILES, RegexStepLimit.of(10, 0));
        FakeMatchContext context = FakeMatchContext.plain();
        assertFalse(strict.matches("a" + "x".repeat(100) + "b", context));
        assertEquals(1, context.limitEvents.size());
        assertTrue(strict.matches("ab", FakeMatchContext.plain()));
    }

    @Test
    void verifyCcIsBoundedToo() {
        FakeMatchContext context = FakeMatchContext.plain();
        // An 'x' that cannot end the match gets the input past the prefilter to the search.
        assertFalse(op("verifyCC", "((\\d+)+)+x").matches("x" + "1".repeat(64), context));
        assertEquals(List.of("verifyCC: ((\\d+)+)+x"), context.limitEvents);
    }
}
