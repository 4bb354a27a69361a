package io.caracal.waf.internal.transform;

/** Strict UTF-8 (RFC 3629) sequence recognition on byte strings. */
public final class Utf8Sequence {

    private Utf8Sequence() {
    }

    /**
     * Length of the well-formed UTF-8 sequence starting at {@code index}: 1 for ASCII, 2-4 for a
     * valid multi-byte sequence, 0 when the bytes there are not valid UTF-8 (stray continuation
     * byte, truncated sequence, overlong form, surrogate, or a code point above U+10FFFF).
     */
    public static int validLength(CharSequence s, int index) {
        int lead = s.charAt(index);
        int length;
        int min;
        if (lead < 0x80) {
            return 1;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (index + length > s.length()) {
            return 0;
        }
        for (int k = 1; k < length; k++) {
            if ((s.charAt(index + k) & 0xC0) != 0x80) {
                return 0;
            }
        }
        int codePoint = codePoint(s, index, length);
        boolean valid = codePoint >= min && codePoint <= 0x10FFFF && (codePoint < 0xD800 || codePoint > 0xDFFF);
        return valid ? length : 0;
    }

    /** Decodes a sequence already known to be {@code length} bytes of UTF-8 structure. */
    static int codePoint(CharSequence s, int index, int length) {
        int lead = s.charAt(index);
        int codePoint = length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (int k = 1; k < length; k++) {
            codePoint = (codePoint << 6) | (s.charAt(index + k) & 0x3F);
        }
        return codePoint;
    }
}
