package io.caracal.waf.internal.transform;

/** t:removeWhitespace: deletes every white-space byte (C isspace and NBSP). */
final class RemoveWhitespace implements Transformation {

    static final RemoveWhitespace INSTANCE = new RemoveWhitespace();

    private RemoveWhitespace() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            boolean whitespace = ByteChars.isSpace(c) || c == ByteChars.NBSP;
            if (out == null) {
                if (!whitespace) {
                    continue;
                }
                out = new StringBuilder(length).append(input, 0, i);
            }
            if (!whitespace) {
                out.append(c);
            }
        }
        return out == null ? input : out.toString();
    }
}
