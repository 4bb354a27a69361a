package io.caracal.waf.internal.transform;

/** t:compressWhitespace: each run of white space (C isspace or NBSP) becomes one space. */
final class CompressWhitespace implements Transformation {

    static final CompressWhitespace INSTANCE = new CompressWhitespace();

    private CompressWhitespace() {
    }

    @Override
    public String apply(String input) {
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
