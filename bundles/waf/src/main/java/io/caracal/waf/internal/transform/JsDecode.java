package io.caracal.waf.internal.transform;

/**
 * t:jsDecode: JavaScript escapes {@code \\uHHHH} (via {@link WideCharToByte}), {@code \\xHH},
 * octal {@code \\OOO} (at most one byte), {@code \\a \\b \\f \\n \\r \\t \\v}, and {@code \\c} for any
 * other c. A trailing lone backslash is kept.
 */
final class JsDecode extends BackslashDecoder {

    static final JsDecode INSTANCE = new JsDecode();

    private JsDecode() {
    }

    @Override
    int decodeEscape(String input, int start, StringBuilder out) {
        char next = input.charAt(start);
        if (next == 'u' && allHex(input, start + 1, 4)) {
            out.append(WideCharToByte.map(ByteChars.hexPair(input, start + 1), ByteChars.hexPair(input, start + 3)));
            return start + 5;
        }
        if (next == 'x' && allHex(input, start + 1, 2)) {
            out.append(ByteChars.hexPair(input, start + 1));
            return start + 3;
        }
        if (ByteChars.isOctalDigit(next)) {
            // Three digits only while they stay within one byte (0377).
            int digits = next > '3' ? 2 : 3;
            return decodeOctal(input, start, digits, out);
        }
        out.append(simpleEscape(next));
        return start + 1;
    }

    private static char simpleEscape(char c) {
        return switch (c) {
            case 'a' -> 0x07;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 0x0B;
            default -> c;
        };
    }
}
