package io.caracal.waf.internal.transform;

/** Character tests and conversions shared by the decoders, all in the C ("POSIX") locale. */
final class ByteChars {

    /** The non-breaking space byte, which several ModSecurity functions treat as white space. */
    static final char NBSP = 0xA0;

    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    private ByteChars() {
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** C {@code isspace}: space, \t, \n, \v, \f, \r. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c - 'A' + 10;
    }

    /** Decodes two hex digits at {@code index}; the caller has checked they are hex digits. */
    static char hexPair(CharSequence s, int index) {
        return (char) ((hexValue(s.charAt(index)) << 4) | hexValue(s.charAt(index + 1)));
    }

    /**
     * ModSecurity's {@code x2c} arithmetic, applied by t:hexDecode even to non-hex input; kept
     * so that odd inputs decode to the same bytes as in ModSecurity.
     */
    static char unvalidatedHexPair(char high, char low) {
        return (char) (((unvalidatedNibble(high) << 4) + unvalidatedNibble(low)) & 0xFF);
    }

    private static int unvalidatedNibble(char c) {
        return c >= 'A' ? ((c & 0xDF) - 'A') + 10 : c - '0';
    }

    static void appendLowerHex(StringBuilder out, int b) {
        out.append(LOWER_HEX[(b >> 4) & 0xF]).append(LOWER_HEX[b & 0xF]);
    }

    /** Returns {@code input} itself when {@code output} has the same content. */
    static String sameOrNew(String input, CharSequence output) {
        if (output.length() == input.length() && input.contentEquals(output)) {
            return input;
        }
        return output.toString();
    }
}
