package io.caracal.waf.internal.operator;

/** {@code @validateUrlEncoding}: matches when a '%' is not followed by two hex digits. */
final class ValidateUrlEncodingOperator implements Operator {

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
