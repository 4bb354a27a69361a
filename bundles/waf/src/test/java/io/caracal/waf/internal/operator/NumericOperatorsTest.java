package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumericOperatorsTest {

    private static boolean test(String operator, String argument, String input) {
        return op(operator, argument).matches(input, FakeMatchContext.plain());
    }

    @Test
    void comparisons() {
        assertTrue(test("eq", "1", "1"));
        assertFalse(test("eq", "1", "2"));
        assertTrue(test("ge", "5", "5"));
        assertTrue(test("gt", "5", "6"));
        assertFalse(test("gt", "5", "5"));
        assertTrue(test("le", "5", "5"));
        assertTrue(test("lt", "5", "-3"));
    }

    @Test
    void numbersAreReadLikeAtoi() {
        assertTrue(test("eq", "0", "abc"), "non-numeric input counts as 0");
        assertTrue(test("eq", "abc", ""), "non-numeric argument counts as 0");
        assertTrue(test("eq", "12", "12abc"));
        assertTrue(test("eq", "7", "  +7"));
        assertTrue(test("lt", "0", "-1x"));
        assertTrue(test("gt", "1", "99999999999999999999999"), "overflow saturates");
    }

    @Test
    void thresholdFromMacro() {
        Operator ge = op("ge", "%{tx.inbound_anomaly_score_threshold}");
        assertTrue(ge.matches("5", FakeMatchContext.plain().with("tx.inbound_anomaly_score_threshold", "5")));
        assertFalse(ge.matches("4", FakeMatchContext.plain().with("tx.inbound_anomaly_score_threshold", "5")));
        assertTrue(ge.matches("0", FakeMatchContext.plain()), "an unset variable expands to nothing, i.e. 0");
    }
}
