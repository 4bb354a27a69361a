package io.caracal.waf.internal.transform;

/**
 * Maps a 16-bit code unit from {@code %uHHHH}, {@code \\uHHHH} or a CSS escape to one byte the
 * way ModSecurity does without a configured unicode map: keep the low byte, except that the
 * full-width ASCII forms U+FF01-U+FF5E become their ASCII counterparts (U+FF01 '！' is '!').
 */
final class WideCharToByte {

    private WideCharToByte() {
    }

    /**
     * @param highByte the upper 8 bits of the code unit
     * @param lowByte the lower 8 bits
     */
    static char map(int highByte, int lowByte) {
        if (highByte == 0xFF && lowByte > 0x00 && lowByte < 0x5F) {
            return (char) (lowByte + 0x20);
        }
        return (char) lowByte;
    }
}
