package io.caracal.waf.internal.transform;

import java.util.Locale;

/**
 * t:htmlEntityDecode: {@code &#DDD;}, {@code &#xHH;} (the ';' is optional, values are truncated to
 * one byte) and the named entities quot, amp, lt, gt and nbsp. Anything else is copied unchanged.
 */
final class HtmlEntityDecode implements Transformation {

    static final HtmlEntityDecode INSTANCE = new HtmlEntityDecode();

    private HtmlEntityDecode() {
    }

    @Override
    public String apply(String input) {
        if (input.indexOf('&') < 0) {
            return input;
        }
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int next = input.charAt(i) == '&' ? decodeEntity(input, i, out) : -1;
            if (next >= 0) {
                i = next;
            } else {
                // Not an entity: copy the char. The rest of a would-be entity ("#x", a name)
                // holds no '&', so it is copied char by char just the same.
                out.append(input.charAt(i++));
            }
        }
        return ByteChars.sameOrNew(input, out);
    }

    /** Decodes the entity whose '&' is at {@code amp}; returns the index after it, or -1. */
    private static int decodeEntity(String input, int amp, StringBuilder out) {
        int length = input.length();
        int j = amp + 1;
        if (j < length && input.charAt(j) == '#') {
            j++;
            boolean hex = j < length && (input.charAt(j) == 'x' || input.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            int start = j;
            while (j < length && (hex ? ByteChars.isHexDigit(input.charAt(j)) : ByteChars.isDigit(input.charAt(j)))) {
                j++;
            }
            if (j == start) {
                return -1;
            }
            out.append((char) (parseSaturated(input, start, j, hex ? 16 : 10) & 0xFF));
            return skipSemicolon(input, j);
        }
        int start = j;
        while (j < length && ByteChars.isAsciiAlnum(input.charAt(j))) {
            j++;
        }
        char decoded = j == start ? 0 : namedEntity(input.substring(start, j));
        if (decoded == 0) {
            return -1;
        }
        out.append(decoded);
        return skipSemicolon(input, j);
    }

    private static int skipSemicolon(String input, int j) {
        return j < input.length() && input.charAt(j) == ';' ? j + 1 : j;
    }

    private static char namedEntity(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "quot":
                return '"';
            case "amp":
                return '&';
            case "lt":
                return '<';
            case "gt":
                return '>';
            case "nbsp":
                return ByteChars.NBSP;
            default:
                return 0;
        }
    }

    /** Like C strtol: an overflowing number saturates at Long.MAX_VALUE. */
    private static long parseSaturated(String s, int from, int to, int radix) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = ByteChars.hexValue(s.charAt(i));
            if (value > (Long.MAX_VALUE - digit) / radix) {
                return Long.MAX_VALUE;
            }
            value = value * radix + digit;
        }
        return value;
    }
}
