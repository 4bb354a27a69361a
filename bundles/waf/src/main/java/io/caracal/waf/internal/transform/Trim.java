package io.caracal.waf.internal.transform;

/** t:trim, t:trimLeft, t:trimRight: strip C isspace chars (space, \t, \n, \v, \f, \r). */
enum Trim implements Transformation {
    BOTH(true, true),
    LEFT(true, false),
    RIGHT(false, true);

    private final boolean left;
    private final boolean right;

    Trim(boolean left, boolean right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public String apply(String input) {
        int start = 0;
        int end = input.length();
        if (left) {
            while (start < end && ByteChars.isSpace(input.charAt(start))) {
                start++;
            }
        }
        if (right) {
            while (end > start && ByteChars.isSpace(input.charAt(end - 1))) {
                end--;
            }
        }
        return input.substring(start, end);
    }
}
