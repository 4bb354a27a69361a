package io.caracal.waf.internal.operator;

import io.caracal.waf.internal.transform.Utf8Sequence;

/**
 * {@code @validateUtf8Encoding}: matches when the input is not valid UTF-8 (stray continuation
 * bytes, truncated sequences, overlong forms, surrogates, code points above U+10FFFF).
 */
final class ValidateUtf8EncodingOperator implements Operator {

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
