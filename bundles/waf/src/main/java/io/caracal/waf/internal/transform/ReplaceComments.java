package io.caracal.waf.internal.transform;

/** t:replaceComments: each C-style comment becomes one space; an unterminated one runs to the end. */
final class ReplaceComments implements Transformation {

    static final ReplaceComments INSTANCE = new ReplaceComments();

    private ReplaceComments() {
    }

    @Override
    public String apply(String input) {
        if (input.indexOf("/*") < 0) {
            return input;
        }
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        boolean inComment = false;
        int i = 0;
        while (i < length) {
            if (!inComment) {
                if (input.startsWith("/*", i)) {
                    inComment = true;
                    i += 2;
                } else {
                    out.append(input.charAt(i++));
                }
            } else if (input.startsWith("*/", i)) {
                inComment = false;
                out.append(' ');
                i += 2;
            } else {
                i++;
            }
        }
        if (inComment) {
            out.append(' ');
        }
        return out.toString();
    }
}
