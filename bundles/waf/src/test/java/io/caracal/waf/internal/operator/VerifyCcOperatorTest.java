package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerifyCcOperatorTest {

    private static final String CANDIDATES = "\\d{4}[- ]?\\d{4}[- ]?\\d{4}[- ]?\\d{1,4}";

    @Test
    void matchesOnlyNumbersThatPassTheLuhnCheck() {
        Operator verify = op("verifyCC", CANDIDATES);
        assertTrue(verify.matches("card 4111 1111 1111 1111 exp", FakeMatchContext.plain()));
        assertTrue(verify.matches("5500-0000-0000-0004", FakeMatchContext.plain()));
        assertFalse(verify.matches("card 4111 1111 1111 1112", FakeMatchContext.plain()));
        assertFalse(verify.matches("no digits", FakeMatchContext.plain()));
    }

    @Test
    void keepsLookingAfterAFailedCandidate() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        assertTrue(op("verifyCC", CANDIDATES).matches("1234567812345678 then 4111111111111111", context));
        assertEquals("4111111111111111", context.captures.get(0));
    }

    @Test
    void argumentMustBeAValidRegex() {
        assertThrows(IllegalArgumentException.class, () -> op("verifyCC", "(\\d"));
        assertThrows(IllegalArgumentException.class, () -> op("verifyCC", ""));
    }

    @Test
    void luhn() {
        assertTrue(LuhnCheck.passes("79927398713"));
        assertFalse(LuhnCheck.passes("79927398710"));
        assertFalse(LuhnCheck.passes("--"));
    }
}
