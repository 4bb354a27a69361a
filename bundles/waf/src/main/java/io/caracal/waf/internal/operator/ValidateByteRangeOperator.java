package io.caracal.waf.internal.operator;

import java.util.BitSet;

import io.caracal.waf.internal.prefilter.Condition;

/**
 * {@code @validateByteRange}: matches when the input contains a byte outside the allowed set,
 * given as comma-separated values and ranges such as "9,10,13,32-126".
 */
final class ValidateByteRangeOperator implements Operator {

    private final BitSet allowed = new BitSet(256);

    ValidateByteRangeOperator(String argument) {
        if (argument.isBlank()) {
            throw new IllegalArgumentException("@validateByteRange: missing byte ranges");
        }
        for (String item : argument.split(",")) {
            int dash = item.indexOf('-');
            int start = byteValue(dash < 0 ? item : item.substring(0, dash), argument);
            int end = dash < 0 ? start : byteValue(item.substring(dash + 1), argument);
            if (start > end) {
                throw new IllegalArgumentException("@validateByteRange: invalid range '" + item.trim() + "' in '" + argument + "'");
            }
            allowed.set(start, end + 1);
        }
    }

    private static int byteValue(String text, String argument) {
        long value = CInteger.parse(text);
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("@validateByteRange: value " + text.trim() + " is outside 0-255 in '" + argument + "'");
        }
        return (int) value;
    }

    /** A match needs a byte outside the allowed set (a char above 0xFF is read by its low byte). */
    @Override
    public Condition condition() {
        BitSet outside = new BitSet(256);
        outside.set(0, 256);
        outside.andNot(allowed);
        return Condition.anyByte(outside, true);
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        for (int i = 0; i < input.length(); i++) {
            if (!allowed.get(input.charAt(i) & 0xFF)) {
                return true;
            }
        }
        return false;
    }
}
