package io.caracal.waf.internal.transform;

/**
 * t:escapeSeqDecode: ANSI C escapes {@code \\a \\b \\f \\n \\r \\t \\v \\\\ \\? \\' \\"}, {@code \\xHH}
 * and octal {@code \\O}-{@code \\OOO} (truncated to one byte). For any other escaped char the
 * backslash is dropped; a trailing lone backslash is kept.
 */
final class EscapeSeqDecode extends BackslashDecoder {

    static final EscapeSeqDecode INSTANCE = new EscapeSeqDecode();

    private EscapeSeqDecode() {
    }

    @Override
    int decodeEscape(String input, int start, StringBuilder out) {
        char next = input.charAt(start);
        int simple = simpleEscape(next);
        if (simple >= 0) {
            out.append((char) simple);
            return start + 1;
        }
        if ((next == 'x' || next == 'X') && allHex(input, start + 1, 2)) {
            out.append(ByteChars.hexPair(input, start + 1));
            return start + 3;
        }
        if (ByteChars.isOctalDigit(next)) {
            return decodeOctal(input, start, 3, out);
        }
        out.append(next);
        return start + 1;
    }

    private static int simpleEscape(char c) {
        return switch (c) {
            case 'a' -> 0x07;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 0x0B;
            case '\\', '?', '\'', '"' -> c;
            default -> -1;
        };
    }
}
