package io.caracal.waf.internal.transform;

/** t:removeCommentsChar: deletes the comment delimiters {@code /* *}{@code / <!-- --> --} and '#', keeping the text between them. */
final class RemoveCommentsChar implements Transformation {

    static final RemoveCommentsChar INSTANCE = new RemoveCommentsChar();

    private static final String[] DELIMITERS = {"/*", "*/", "<!--", "-->", "--", "#"};

    private RemoveCommentsChar() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        outer:
        while (i < length) {
            for (String delimiter : DELIMITERS) {
                if (input.startsWith(delimiter, i)) {
                    i += delimiter.length();
                    continue outer;
                }
            }
            out.append(input.charAt(i++));
        }
        return ByteChars.sameOrNew(input, out);
    }
}
