package io.caracal.waf.internal.transform;

/**
 * t:cssDecode (CSS 2.1 escapes): a backslash followed by 1-6 hex digits stands for one byte
 * (the last two digits; full-width ASCII is mapped to ASCII) and eats one following white-space
 * char; backslash-newline is removed; a backslash before any other char is dropped, as is a
 * trailing backslash.
 */
final class CssDecode implements Transformation {

    static final CssDecode INSTANCE = new CssDecode();

    private CssDecode() {
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
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= length) {
                break;
            }
            int digits = 0;
            while (digits < 6 && i + digits < length && ByteChars.isHexDigit(input.charAt(i + digits))) {
                digits++;
            }
            if (digits > 0) {
                out.append(hexEscapeByte(input, i, digits));
                i += digits;
                if (i < length && ByteChars.isSpace(input.charAt(i))) {
                    i++;
                }
            } else if (input.charAt(i) == '\n') {
                i++;
            } else {
                out.append(input.charAt(i));
                i++;
            }
        }
        return ByteChars.sameOrNew(input, out);
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
