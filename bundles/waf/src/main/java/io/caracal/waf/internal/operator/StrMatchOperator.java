package io.caracal.waf.internal.operator;

/**
 * {@code @strmatch}: a case-sensitive substring search for a fixed string (ModSecurity uses
 * Boyer-Moore-Horspool; String.indexOf gives the same answer).
 */
final class StrMatchOperator implements Operator {

    private final String needle;

    StrMatchOperator(String needle) {
        if (needle.isEmpty()) {
            throw new IllegalArgumentException("@strmatch: missing argument");
        }
        this.needle = needle;
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        return input.contains(needle);
    }
}
