package io.caracal.waf.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Shared checks: the expected output, and the same instance back when nothing changes. */
final class TransformationAssertions {

    private TransformationAssertions() {
    }

    static void assertTransforms(String name, String input, String expected) {
        String actual = Transformations.byName(name).apply(input);
        assertEquals(printable(expected), printable(actual), "t:" + name + " of \"" + printable(input) + "\"");
        if (expected.equals(input)) {
            assertSame(input, actual, "t:" + name + " must return the same instance when nothing changes");
        }
    }

    static void assertUnchanged(String name, String input) {
        assertTransforms(name, input, input);
    }

    /** Shows control and non-ASCII bytes as \xHH so failures are readable. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c >= 0x7F) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A byte string from bytes written as ints, for readability of binary expectations. */
    static String bytes(int... values) {
        StringBuilder out = new StringBuilder();
        for (int v : values) {
            out.append((char) v);
        }
        return out.toString();
    }
}
