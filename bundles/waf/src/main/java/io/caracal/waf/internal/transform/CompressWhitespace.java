package io.caracal.waf.internal.transform;

/** t:compressWhitespace: each run of white space (C isspace or NBSP) becomes one space. */
final class CompressWhitespace implements Transformation {

    static final CompressWhitespace INSTANCE = new CompressWhitespace();

    private CompressWhitespace() {
    }

    @Override
    public String apply(String input) {
        return leavesAsIs(input) ? input : rewrite(input);
    }

    /** No white space but single plain spaces: nothing to compress, no copy to make. */
    private static boolean leavesAsIs(String input) {
        boolean afterSpace = false;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            boolean whitespace = ByteChars.isSpace(c) || c == ByteChars.NBSP;
            if (whitespace && (c != ' ' || afterSpace)) {
                return false;
            }
            afterSpace = whitespace;
        }
        return true;
    }

    /** The whole transformation, with no shortcut (package-private for the tests that check the shortcut). */
    String rewrite(String input) {
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        boolean inWhitespace = false;
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            if (ByteChars.isSpace(c) || c == ByteChars.NBSP) {
                inWhitespace = true;
            } else {
                if (inWhitespace) {
                    out.append(' ');
                    inWhitespace = false;
                }
                out.append(c);
            }
        }
        if (inWhitespace) {
            out.append(' ');
        }
        return ByteChars.sameOrNew(input, out);
    }
}
