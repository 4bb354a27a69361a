package io.caracal.waf.internal.operator;

/**
 * The input as the regex matcher sees it: every char read is counted against an allowance, and
 * the search is aborted with {@link RegexLimitExceededException} once it is used up. This is
 * how catastrophic backtracking is bounded, since java.util.regex has no match limit of its own.
 */
final class StepCountingCharSequence implements CharSequence {

    private final String text;
    private long remainingSteps;

    StepCountingCharSequence(String text, long allowedSteps) {
        this.text = text;
        this.remainingSteps = allowedSteps;
    }

    @Override
    public char charAt(int index) {
        if (--remainingSteps < 0) {
            throw RegexLimitExceededException.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
