package io.caracal.waf.internal.operator;

import java.util.Locale;

/**
 * A read position in a PCRE pattern, with the escape readers shared by the main translator
 * and the character-class translator. All readers start just after the escape letter.
 */
final class PcreCursor {

    final String src;
    int pos;

    PcreCursor(String src) {
        this.src = src;
    }

    boolean atEnd() {
        return pos >= src.length();
    }

    char peek() {
        return src.charAt(pos);
    }

    boolean startsWith(String prefix) {
        return src.startsWith(prefix, pos);
    }

    IllegalArgumentException error(String reason) {
        return new IllegalArgumentException(reason + " at offset " + Math.min(pos, src.length()));
    }

    /** The value of \a \e \f \n \r \t, or -1 for other letters. */
    static int simpleEscape(char letter) {
        switch (letter) {
            case 'a':
                return 0x07;
            case 'e':
                return 0x1B;
            case 'f':
                return 0x0C;
            case 'n':
                return 0x0A;
            case 'r':
                return 0x0D;
            case 't':
                return 0x09;
            default:
                return -1;
        }
    }

    /** Reads up to {@code maxDigits} octal digits (at least one is present). */
    int octal(int maxDigits) {
        int value = 0;
        int digits = 0;
        while (digits < maxDigits && !atEnd() && peek() >= '0' && peek() <= '7') {
            value = value * 8 + (peek() - '0');
            pos++;
            digits++;
        }
        if (value > 0xFF) {
            throw error("octal value is greater than \\377 in 8-bit non-UTF-8 mode");
        }
        return value;
    }

    /** \xhh with 0-2 digits, or \x{hh}. */
    int hex() {
        if (!atEnd() && peek() == '{') {
            int end = pos + 1;
            while (end < src.length() && isHexDigit(src.charAt(end))) {
                end++;
            }
            if (end >= src.length() || src.charAt(end) != '}') {
                throw error("non-hex character in \\x{} (closing brace missing?)");
            }
            String digits = src.substring(pos + 1, end);
            if (digits.isEmpty()) {
                throw error("digits missing in \\x{} or \\o{}");
            }
            if (stripLeadingZeros(digits).length() > 2) {
                throw error("character value in \\x{} or \\o{} is too large");
            }
            pos = end + 1;
            return Integer.parseInt(digits, 16);
        }
        int value = 0;
        for (int digits = 0; digits < 2 && !atEnd() && isHexDigit(peek()); digits++) {
            value = value * 16 + Character.digit(peek(), 16);
            pos++;
        }
        return value;
    }

    /** \o{ooo}. */
    int braceOctal() {
        int close = src.indexOf('}', pos);
        if (atEnd() || peek() != '{' || close < 0) {
            throw error("\\o is not followed by {...}");
        }
        String digits = src.substring(pos + 1, close);
        if (digits.isEmpty()) {
            throw error("digits missing in \\x{} or \\o{}");
        }
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw error("non-octal character in \\o{} (closing brace missing?)");
        }
        if (stripLeadingZeros(digits).length() > 3 || Integer.parseInt(digits, 8) > 0xFF) {
            throw error("character value in \\x{} or \\o{} is too large");
        }
        pos = close + 1;
        return Integer.parseInt(digits, 8);
    }

    /** \cX: X upper-cased with bit 6 flipped. */
    int control() {
        if (atEnd()) {
            throw error("\\c at end of pattern");
        }
        char c = src.charAt(pos++);
        if (c > 127) {
            throw error("\\c must be followed by an ASCII character");
        }
        return Character.toUpperCase(c) ^ 0x40;
    }

    /** \pX, \p{Name} or \p{^Name} as Java syntax (Java checks the name). */
    String property(char letter) {
        if (atEnd()) {
            throw error("malformed \\P or \\p sequence");
        }
        if (peek() != '{') {
            return "\\" + letter + src.charAt(pos++);
        }
        int close = src.indexOf('}', pos);
        if (close < 0) {
            throw error("malformed \\P or \\p sequence");
        }
        String name = src.substring(pos + 1, close);
        pos = close + 1;
        if (name.startsWith("^")) {
            name = name.substring(1);
            letter = letter == 'p' ? 'P' : 'p';
        }
        return "\\" + letter + "{" + name + "}";
    }

    /** Java syntax for one code unit, safe inside and outside classes. */
    static String javaCodeUnit(int c) {
        return "\\x{" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "}";
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
