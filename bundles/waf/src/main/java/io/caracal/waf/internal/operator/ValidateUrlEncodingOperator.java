package io.caracal.waf.internal.operator;

import java.util.BitSet;

import io.caracal.waf.internal.prefilter.Condition;

/** {@code @validateUrlEncoding}: matches when a '%' is not followed by two hex digits. */
final class ValidateUrlEncodingOperator implements Operator {

    /** Without a '%' there is nothing to be invalid. */
    @Override
    public Condition condition() {
        BitSet percent = new BitSet(256);
        percent.set('%');
        return Condition.anyByte(percent, false);
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        int length = input.length();
        for (int i = input.indexOf('%'); i >= 0; i = input.indexOf('%', i)) {
            if (i + 2 >= length || !isHexDigit(input.charAt(i + 1)) || !isHexDigit(input.charAt(i + 2))) {
                return true;
            }
            i += 3;
        }
        return false;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
