package io.caracal.waf.internal.operator;

import java.util.BitSet;

import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.transform.Utf8Sequence;

/**
 * {@code @validateUtf8Encoding}: matches when the input is not valid UTF-8 (stray continuation
 * bytes, truncated sequences, overlong forms, surrogates, code points above U+10FFFF).
 */
final class ValidateUtf8EncodingOperator implements Operator {

    /** Bytes below 0x80 alone are always valid UTF-8: a match needs one at or above it. */
    @Override
    public Condition condition() {
        BitSet high = new BitSet(256);
        high.set(0x80, 0x100);
        return Condition.anyByte(high, true);
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        int i = 0;
        while (i < input.length()) {
            int length = Utf8Sequence.validLength(input, i);
            if (length == 0) {
                return true;
            }
            i += length;
        }
        return false;
    }
}
