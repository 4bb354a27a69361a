package io.caracal.waf.internal.transform;

/**
 * t:cmdLine, which undoes common command-line evasions: deletes \ " ' ^, turns runs of
 * space , ; \t \r \n into one space, drops a space before '/' or '(', and lower-cases (ASCII).
 */
final class CmdLine implements Transformation {

    static final CmdLine INSTANCE = new CmdLine();

    private CmdLine() {
    }

    @Override
    public String apply(String input) {
        return leavesAsIs(input) ? input : rewrite(input);
    }

    /**
     * No char this would delete, replace or lower-case: most values (tokens, ids, numbers), which
     * then skip the copy and the comparison.
     */
    private static boolean leavesAsIs(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            switch (c) {
                case '"', '\'', '\\', '^', ' ', ',', ';', '\t', '\r', '\n' -> {
                    return false;
                }
                default -> {
                    if (c >= 'A' && c <= 'Z') {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The whole transformation, with no shortcut (package-private for the tests that check the shortcut). */
    String rewrite(String input) {
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        boolean afterSpace = false;
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            switch (c) {
                case '"':
                case '\'':
                case '\\':
                case '^':
                    break;
                case ' ':
                case ',':
                case ';':
                case '\t':
                case '\r':
                case '\n':
                    if (!afterSpace) {
                        out.append(' ');
                        afterSpace = true;
                    }
                    break;
                case '/':
                case '(':
                    if (afterSpace) {
                        out.setLength(out.length() - 1);
                    }
                    afterSpace = false;
                    out.append(c);
                    break;
                default:
                    out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                    afterSpace = false;
                    break;
            }
        }
        return ByteChars.sameOrNew(input, out);
    }
}
