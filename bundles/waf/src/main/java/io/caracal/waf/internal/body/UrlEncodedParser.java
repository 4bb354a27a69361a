package io.caracal.waf.internal.body;

import java.util.List;

/**
 * Splits an application/x-www-form-urlencoded string (query string or URLENCODED body) into
 * arguments the way ModSecurity does:
 * <ul>
 *   <li>only the separator splits ('&amp;' unless SecArgumentSeparator says otherwise; ';' is
 *       <em>not</em> a separator by default);</li>
 *   <li>every segment becomes an argument, empty ones included ("a&amp;&amp;b" gives a, "", b),
 *       except one left empty by a trailing separator or an empty input;</li>
 *   <li>the name ends at the first '='; a segment without '=' has an empty value;</li>
 *   <li>names and values are decoded non-strictly: '+' is a space, %HH a byte, and a '%' not
 *       followed by two hex digits stays as it is and counts as invalid encoding
 *       (URLENCODED_ERROR).</li>
 * </ul>
 * Input and output are byte strings.
 */
public final class UrlEncodedParser {
    public static final char DEFAULT_SEPARATOR = '&';

    /** Parsed arguments plus what ModSecurity notices on the way. */
    public record Result(List<Arg> args, boolean invalidEncoding, boolean limitExceeded) {
    }

    private UrlEncodedParser() {
    }

    /** Arguments of {@code raw} with ModSecurity's defaults ('&amp;', 1000 arguments). */
    public static List<Arg> parse(String raw) {
        return parse(raw, DEFAULT_SEPARATOR, Limits.DEFAULT.maxArgs()).args();
    }

    /** Arguments of {@code raw}; arguments past {@code maxArgs} are dropped and flagged. */
    public static Result parse(String raw, char separator, int maxArgs) {
        ArgList args = new ArgList(maxArgs);
        boolean[] invalid = new boolean[1];
        int length = raw.length();
        int start = 0;
        while (start < length) {
            int end = raw.indexOf(separator, start);
            if (end < 0) {
                end = length;
            }
            int eq = indexOf(raw, '=', start, end);
            String name;
            String value;
            if (eq < 0) {
                name = decode(raw, start, end, invalid);
                value = "";
            } else {
                name = decode(raw, start, eq, invalid);
                value = decode(raw, eq + 1, end, invalid);
            }
            if (!args.add(name, value)) {
                break;
            }
            start = end + 1;
        }
        return new Result(args.toList(), invalid[0], args.limitExceeded());
    }

    /** ModSecurity's non-strict URL decoding of {@code s[from, to)}. */
    private static String decode(String s, int from, int to, boolean[] invalid) {
        StringBuilder out = null; // allocated only when something changes
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            char decoded = c;
            int consumed = 1;
            if (c == '+') {
                decoded = ' ';
            } else if (c == '%') {
                int hi = i + 2 < to ? hexValue(s.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexValue(s.charAt(i + 2)) : -1;
                if (lo >= 0) {
                    decoded = (char) (hi << 4 | lo);
                    consumed = 3;
                } else {
                    invalid[0] = true; // the '%' is kept and decoding resumes right after it
                }
            }
            if (out == null && (decoded != c || consumed != 1)) {
                out = new StringBuilder(to - from);
                out.append(s, from, i);
            }
            if (out != null) {
                out.append(decoded);
            }
            i += consumed - 1;
        }
        return out == null ? s.substring(from, to) : out.toString();
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
