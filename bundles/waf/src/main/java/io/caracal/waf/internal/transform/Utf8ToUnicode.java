package io.caracal.waf.internal.transform;

/**
 * t:utf8toUnicode, as ModSecurity does it: each UTF-8 multi-byte sequence (a lead byte with all its
 * continuation bytes) becomes {@code %uhhhh} (lowercase hex, at least four digits). ModSecurity's
 * quirks are kept, since rules are written against them: an overlong sequence or a surrogate is
 * written as {@code %u} followed by its lead byte (so {@code C0 AF} becomes {@code %u002f\xC0}), a
 * lead byte whose continuation bytes are missing or wrong is dropped, NUL bytes are dropped, and
 * stray continuation bytes and other bytes are copied.
 */
final class Utf8ToUnicode implements Transformation {

    static final Utf8ToUnicode INSTANCE = new Utf8ToUnicode();

    private Utf8ToUnicode() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        int i = 0;
        while (i < length && input.charAt(i) < 0x80 && input.charAt(i) != 0) {
            i++;
        }
        if (i == length) {
            return input;
        }
        StringBuilder out = new StringBuilder(length + 16).append(input, 0, i);
        while (i < length) {
            int c = input.charAt(i);
            int size = c >= 0xC0 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF8 ? 4 : 1;
            if (size == 1) {
                if (c != 0) {
                    out.append((char) c);
                }
                i++;
                continue;
            }
            if (!continuationsFollow(input, i, size)) {
                i++; // the lead byte is dropped
                continue;
            }
            int codePoint = c & (0xFF >> (size + 1));
            for (int k = 1; k < size; k++) {
                codePoint = (codePoint << 6) | (input.charAt(i + k) & 0x3F);
            }
            String hex = Integer.toHexString(codePoint);
            out.append("%u");
            for (int pad = hex.length(); pad < 4; pad++) {
                out.append('0');
            }
            out.append(hex);
            boolean overlong = size == 2 ? codePoint < 0x80 : size == 3 ? codePoint < 0x800 : codePoint < 0x10000;
            if (overlong || (size == 3 && codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                out.append((char) c);
            }
            i += size;
        }
        return ByteChars.sameOrNew(input, out);
    }

    private static boolean continuationsFollow(String input, int lead, int size) {
        if (lead + size > input.length()) {
            return false;
        }
        for (int k = 1; k < size; k++) {
            if ((input.charAt(lead + k) & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }
}
