package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValidationOperatorsTest {

    private static boolean test(String operator, String argument, String input) {
        return op(operator, argument).matches(input, FakeMatchContext.plain());
    }

    @Test
    void validateByteRangeMatchesBytesOutsideTheRanges() {
        assertFalse(test("validateByteRange", "1-255", "abc\u00ff"));
        assertTrue(test("validateByteRange", "1-255", "a\0b"));
        assertFalse(test("validateByteRange", "32-36,38-126", "a b$~"));
        assertTrue(test("validateByteRange", "32-36,38-126", "a%b"));
        assertTrue(test("validateByteRange", "9,10,13,32-126,128-255", "\u007f"));
        assertFalse(test("validateByteRange", "9,10,13,32-126,128-255", "\t\r\n \u0080"));
        assertFalse(test("validateByteRange", "1-255", ""));
    }

    @Test
    void validateByteRangeRejectsBadRanges() {
        assertThrows(IllegalArgumentException.class, () -> op("validateByteRange", "256"));
        assertThrows(IllegalArgumentException.class, () -> op("validateByteRange", "20-10"));
        assertThrows(IllegalArgumentException.class, () -> op("validateByteRange", ""));
    }

    @Test
    void validateUrlEncoding() {
        assertFalse(test("validateUrlEncoding", "", "a%20b%3D"));
        assertTrue(test("validateUrlEncoding", "", "a%2"));
        assertTrue(test("validateUrlEncoding", "", "a%zz"));
        assertTrue(test("validateUrlEncoding", "", "100%"));
        assertFalse(test("validateUrlEncoding", "", "plain"));
    }

    @Test
    void validateUtf8Encoding() {
        assertFalse(test("validateUtf8Encoding", "", "caf\u00c3\u00a9 \u00f0\u009f\u0098\u0080"));
        assertTrue(test("validateUtf8Encoding", "", "caf\u00e9"), "Latin-1 byte");
        assertTrue(test("validateUtf8Encoding", "", "\u00c0\u00af"), "overlong '/'");
        assertTrue(test("validateUtf8Encoding", "", "\u00e0\u0080\u00af"), "overlong, 3 bytes");
        assertTrue(test("validateUtf8Encoding", "", "\u00ed\u00a0\u0080"), "surrogate");
        assertTrue(test("validateUtf8Encoding", "", "\u00f4\u0090\u0080\u0080"), "above U+10FFFF");
        assertTrue(test("validateUtf8Encoding", "", "ab\u00e2\u0082"), "truncated");
        assertTrue(test("validateUtf8Encoding", "", "\u0080"), "stray continuation byte");
    }
}
