package io.caracal.waf.internal.transform;

/**
 * t:jsDecode: JavaScript escapes {@code \\uHHHH} (via {@link WideCharToByte}), {@code \\xHH},
 * octal {@code \\OOO} (at most one byte), {@code \\a \\b \\f \\n \\r \\t \\v}, and {@code \\c} for any
 * other c. A trailing lone backslash is kept.
 */
final class JsDecode implements Transformation {

    static final JsDecode INSTANCE = new JsDecode();

    private JsDecode() {
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
            if (next == 'u' && i + 5 < length && allHex(input, i + 2, 4)) {
                out.append(WideCharToByte.map(ByteChars.hexPair(input, i + 2), ByteChars.hexPair(input, i + 4)));
                i += 6;
            } else if (next == 'x' && i + 3 < length && allHex(input, i + 2, 2)) {
                out.append(ByteChars.hexPair(input, i + 2));
                i += 4;
            } else if (ByteChars.isOctalDigit(next)) {
                i = decodeOctal(input, i + 1, out);
            } else {
                out.append(simpleEscape(next));
                i += 2;
            }
        }
        return ByteChars.sameOrNew(input, out);
    }

    /** Up to three octal digits from {@code start}, but only two when three would exceed 0377. */
    private static int decodeOctal(String input, int start, StringBuilder out) {
        int end = start;
        while (end < input.length() && end - start < 3 && ByteChars.isOctalDigit(input.charAt(end))) {
            end++;
        }
        if (end - start == 3 && input.charAt(start) > '3') {
            end--;
        }
        out.append((char) Integer.parseInt(input.substring(start, end), 8));
        return end;
    }

    private static char simpleEscape(char c) {
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
            default:
                return c;
        }
    }

    private static boolean allHex(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!ByteChars.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
