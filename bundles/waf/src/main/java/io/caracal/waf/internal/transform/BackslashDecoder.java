package io.caracal.waf.internal.transform;

/**
 * The loop the backslash-escape decoders share (jsDecode, cssDecode, escapeSeqDecode): text is
 * copied until a backslash, and each decoder says what its escape after the backslash means.
 */
abstract class BackslashDecoder implements Transformation {

    @Override
    public final String apply(String input) {
        if (input.indexOf('\\') < 0) {
            return input;
        }
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            char c = input.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
            } else if (i + 1 >= length) {
                if (keepsTrailingBackslash()) {
                    out.append(c);
                }
                i++;
            } else {
                i = decodeEscape(input, i + 1, out);
            }
        }
        return ByteChars.sameOrNew(input, out);
    }

    /**
     * Appends what the escape starting right after a backslash stands for.
     *
     * @param start the index of the first char after the backslash (there is one)
     * @return the index of the first char after the escape
     */
    abstract int decodeEscape(String input, int start, StringBuilder out);

    /** Whether a backslash that ends the input is kept. */
    boolean keepsTrailingBackslash() {
        return true;
    }

    /** Up to {@code max} octal digits from {@code start}, as a byte; returns the index after them. */
    static int decodeOctal(String input, int start, int max, StringBuilder out) {
        int end = start;
        while (end < input.length() && end - start < max && ByteChars.isOctalDigit(input.charAt(end))) {
            end++;
        }
        out.append((char) (Integer.parseInt(input.substring(start, end), 8) & 0xFF));
        return end;
    }

    static boolean allHex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!ByteChars.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
