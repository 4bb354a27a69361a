package io.caracal.waf.internal.transform;

/**
 * t:removeComments: deletes {@code /* ... *}{@code /} and {@code <!-- ... -->} comments, and cuts
 * the value at "--" or '#' (SQL and shell line comments). An unterminated block comment becomes
 * one space. As in ModSecurity, the char right after a closing delimiter is copied without being
 * checked for a new comment start.
 */
final class RemoveComments implements Transformation {

    static final RemoveComments INSTANCE = new RemoveComments();

    private RemoveComments() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        boolean inComment = false;
        int i = 0;
        while (i < length) {
            if (!inComment) {
                if (input.startsWith("/*", i)) {
                    inComment = true;
                    i += 2;
                } else if (input.startsWith("<!--", i)) {
                    inComment = true;
                    i += 4;
                } else if (input.startsWith("--", i) || input.charAt(i) == '#') {
                    break;
                } else {
                    out.append(input.charAt(i++));
                }
            } else if (input.startsWith("*/", i) || input.startsWith("-->", i)) {
                inComment = false;
                i += input.charAt(i) == '*' ? 2 : 3;
                if (i < length) {
                    out.append(input.charAt(i++));
                }
            } else {
                i++;
            }
        }
        if (inComment) {
            out.append(' ');
        }
        return ByteChars.sameOrNew(input, out);
    }
}
