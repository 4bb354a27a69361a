package io.caracal.waf.internal.transform;

/**
 * t:escapeSeqDecode: ANSI C escapes {@code \\a \\b \\f \\n \\r \\t \\v \\\\ \\? \\' \\"}, {@code \\xHH}
 * and octal {@code \\O}-{@code \\OOO} (truncated to one byte). For any other escaped char the
 * backslash is dropped; a trailing lone backslash is kept.
 */
final class EscapeSeqDecode implements Transformation {

    static final EscapeSeqDecode INSTANCE = new EscapeSeqDecode();

    private EscapeSeqDecode() {
    }

    @Override
    public String apply(String input) {
        if (input.indexOf('\\') < 0) {
            return input;
        }
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            char c = input.charAt(i);
            if (c != '\\' || i + 1 >= length) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            int simple = simpleEscape(next);
            if (simple >= 0) {
                out.append((char) simple);
                i += 2;
            } else if ((next == 'x' || next == 'X') && i + 3 < length
                    && ByteChars.isHexDigit(input.charAt(i + 2)) && ByteChars.isHexDigit(input.charAt(i + 3))) {
                out.append(ByteChars.hexPair(input, i + 2));
                i += 4;
            } else if (ByteChars.isOctalDigit(next)) {
                int end = i + 1;
                while (end < length && end - (i + 1) < 3 && ByteChars.isOctalDigit(input.charAt(end))) {
                    end++;
                }
                out.append((char) (Integer.parseInt(input.substring(i + 1, end), 8) & 0xFF));
                i = end;
            } else {
                out.append(next);
                i += 2;
            }
        }
        return ByteChars.sameOrNew(input, out);
    }

    private static int simpleEscape(char c) {
        switch (c) {
            case 'a':
                return 0x07;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 0x0B;
            case '\\':
            case '?':
            case '\'':
            case '"':
                return c;
            default:
                return -1;
        }
    }
}
