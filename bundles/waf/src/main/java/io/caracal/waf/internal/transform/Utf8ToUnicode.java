package io.caracal.waf.internal.transform;

/**
 * t:utf8toUnicode: each well-formed UTF-8 multi-byte sequence becomes {@code %uhhhh} (lowercase
 * hex, at least four digits, five above U+FFFF). ASCII and every byte that does not start a
 * well-formed sequence (truncated, overlong, surrogate, above U+10FFFF) are copied unchanged.
 */
final class Utf8ToUnicode implements Transformation {

    static final Utf8ToUnicode INSTANCE = new Utf8ToUnicode();

    private Utf8ToUnicode() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        int i = 0;
        while (i < length && input.charAt(i) < 0x80) {
            i++;
        }
        if (i == length) {
            return input;
        }
        StringBuilder out = new StringBuilder(length + 16).append(input, 0, i);
        while (i < length) {
            int sequenceLength = Utf8Sequence.validLength(input, i);
            if (sequenceLength <= 1) {
                out.append(input.charAt(i++));
                continue;
            }
            String hex = Integer.toHexString(Utf8Sequence.codePoint(input, i, sequenceLength));
            out.append("%u");
            for (int pad = hex.length(); pad < 4; pad++) {
                out.append('0');
            }
            out.append(hex);
            i += sequenceLength;
        }
        return ByteChars.sameOrNew(input, out);
    }
}
