package io.caracal.waf.internal.operator;

/**
 * Reads numbers the way C {@code atoi} does: optional leading white space and sign, then as many
 * digits as there are; anything else ends the number, and no digits at all means 0. Values
 * beyond the 64-bit range saturate instead of overflowing.
 */
final class CInteger {

    private CInteger() {
    }

    static long parse(String s) {
        int i = 0;
        int length = s.length();
        while (i < length && DataFileLines.isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < length && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < length && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int digit = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
