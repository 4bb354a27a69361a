package io.caracal.waf.internal.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes HTML character references one character at a time, the way a browser does inside an
 * attribute value: {@code &#106;}, {@code &#x6A;}, {@code &#0000106} (no semicolon, leading zeros),
 * named references such as {@code &colon;} or {@code &Tab;}, and the legacy names that browsers still
 * accept without a semicolon ({@code &amp}, {@code &lt}, {@code &quot} ...).
 *
 * <p>{@link #decode} returns the code point and the position after it packed into one long so that
 * callers can stream decoded characters without allocating.
 */
final class HtmlCharacterReference {

    /** Named references that matter for spotting schemes and CSS; others decode to U+FFFD. */
    private static final NameTable NAMED;
    /** Names browsers also decode without the trailing semicolon. */
    private static final NameTable LEGACY;
    private static final int LONGEST_NAME = 32;

    static {
        Map<String, Integer> named = new HashMap<>();
        Object[][] entries = {
            {"Tab", 9}, {"NewLine", 10}, {"excl", 33}, {"quot", 34}, {"QUOT", 34}, {"num", 35},
            {"dollar", 36}, {"percnt", 37}, {"amp", 38}, {"AMP", 38}, {"apos", 39}, {"lpar", 40},
            {"rpar", 41}, {"ast", 42}, {"midast", 42}, {"plus", 43}, {"comma", 44}, {"period", 46},
            {"sol", 47}, {"colon", 58}, {"semi", 59}, {"lt", 60}, {"LT", 60}, {"equals", 61},
            {"gt", 62}, {"GT", 62}, {"quest", 63}, {"commat", 64}, {"lsqb", 91}, {"lbrack", 91},
            {"bsol", 92}, {"rsqb", 93}, {"rbrack", 93}, {"Hat", 94}, {"lowbar", 95}, {"grave", 96},
            {"DiacriticalGrave", 96}, {"lcub", 123}, {"lbrace", 123}, {"verbar", 124}, {"vert", 124},
            {"VerticalLine", 124}, {"rcub", 125}, {"rbrace", 125}, {"nbsp", 160}, {"NonBreakingSpace", 160},
            {"copy", 169}, {"reg", 174}, {"shy", 173}, {"hyphen", 0x2010}, {"dash", 0x2010},
            {"minus", 0x2212}, {"ZeroWidthSpace", 0x200B}, {"zwnj", 0x200C}, {"zwj", 0x200D},
        };
        for (Object[] e : entries) {
            named.put((String) e[0], (Integer) e[1]);
        }
        NAMED = new NameTable(named, false);

        Map<String, Integer> legacy = new HashMap<>();
        for (String name : new String[] {"amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "nbsp", "copy",
            "reg", "shy"}) {
            legacy.put(name, named.get(name));
        }
        LEGACY = new NameTable(legacy, false);
    }

    private HtmlCharacterReference() {
    }

    static int codePoint(long decoded) {
        return (int) (decoded >>> 32);
    }

    static int next(long decoded) {
        return (int) decoded;
    }

    /** Decodes the character at {@code pos} (a reference or a plain char); {@code pos < end}. */
    static long decode(String in, int pos, int end) {
        char c = in.charAt(pos);
        if (c != '&' || pos + 1 >= end) {
            return pack(c, pos + 1);
        }
        return in.charAt(pos + 1) == '#' ? decodeNumeric(in, pos, end) : decodeNamed(in, pos, end);
    }

    private static long decodeNumeric(String in, int pos, int end) {
        int i = pos + 2;
        boolean hex = i < end && (in.charAt(i) == 'x' || in.charAt(i) == 'X');
        if (hex) {
            i++;
        }
        int digitsStart = i;
        int value = 0;
        while (i < end) {
            int d = digit(in.charAt(i), hex);
            if (d < 0) {
                break;
            }
            value = Math.min(value * (hex ? 16 : 10) + d, 0x110000); // saturate, keep scanning
            i++;
        }
        if (i == digitsStart) {
            return pack('&', pos + 1);
        }
        if (i < end && in.charAt(i) == ';') {
            i++;
        }
        boolean invalid = value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF);
        return pack(invalid ? 0xFFFD : value, i);
    }

    private static long decodeNamed(String in, int pos, int end) {
        int nameStart = pos + 1;
        int i = nameStart;
        while (i < end && i - nameStart < LONGEST_NAME && isAsciiAlphanumeric(in.charAt(i))) {
            i++;
        }
        if (i == nameStart) {
            return pack('&', pos + 1);
        }
        if (i < end && in.charAt(i) == ';') {
            int cp = NAMED.get(in, nameStart, i);
            return cp == NameTable.MISSING ? pack('&', pos + 1) : pack(cp, i + 1);
        }
        // Without a semicolon only legacy names count, and in attributes not when text follows.
        int cp = LEGACY.get(in, nameStart, i);
        boolean followedByText = i < end && in.charAt(i) == '=';
        return cp == NameTable.MISSING || followedByText ? pack('&', pos + 1) : pack(cp, i);
    }

    private static int digit(char c, boolean hex) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (hex && c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (hex && c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static long pack(int codePoint, int next) {
        return ((long) codePoint << 32) | (next & 0xffffffffL);
    }
}
