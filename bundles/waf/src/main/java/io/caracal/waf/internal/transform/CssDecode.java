package io.caracal.waf.internal.transform;

/**
 * t:cssDecode (CSS 2.1 escapes): a backslash followed by 1-6 hex digits stands for one byte
 * (the last two digits; full-width ASCII is mapped to ASCII) and eats one following white-space
 * char; backslash-newline is removed; a backslash before any other char is dropped, as is a
 * trailing backslash.
 */
final class CssDecode extends BackslashDecoder {

    static final CssDecode INSTANCE = new CssDecode();

    private CssDecode() {
    }

    @Override
    int decodeEscape(String input, int start, StringBuilder out) {
        int length = input.length();
        int digits = 0;
        while (digits < 6 && start + digits < length && ByteChars.isHexDigit(input.charAt(start + digits))) {
            digits++;
        }
        if (digits > 0) {
            out.append(hexEscapeByte(input, start, digits));
            int next = start + digits;
            return next < length && ByteChars.isSpace(input.charAt(next)) ? next + 1 : next;
        }
        if (input.charAt(start) != '\n') {
            out.append(input.charAt(start));
        }
        return start + 1;
    }

    @Override
    boolean keepsTrailingBackslash() {
        return false;
    }

    private static char hexEscapeByte(String input, int start, int digits) {
        if (digits == 1) {
            return (char) ByteChars.hexValue(input.charAt(start));
        }
        int end = start + digits;
        int low = ByteChars.hexPair(input, end - 2);
        // Only values that can be U+FFxx (4 digits, or 5-6 digits with leading zeros) get the
        // full-width mapping; like ModSecurity, other long escapes keep just their low byte.
        boolean fullWidthCandidate = digits == 4
                || (digits == 5 && input.charAt(start) == '0')
                || (digits == 6 && input.charAt(start) == '0' && input.charAt(start + 1) == '0');
        if (fullWidthCandidate) {
            return WideCharToByte.map(ByteChars.hexPair(input, end - 4), low);
        }
        return (char) low;
    }
}
