package io.caracal.waf.internal.detect;

/**
 * Finds script-running constructs in an inline {@code style} value: IE {@code expression(...)}, script
 * URLs inside {@code url(...)}, IE {@code behavior}, Mozilla {@code -moz-binding} and {@code @import}.
 *
 * <p>The value is normalised in one pass as the CSS engine would see it: character references decoded,
 * CSS comments dropped, CSS escapes ({@code \65}, {@code \e}) resolved, whitespace removed, ASCII
 * lowercased. Needles are matched with precomputed KMP automata, so the pass stays linear.
 */
final class StyleInspector {

    private static final String[] NEEDLES = {
        "expression(", "javascript:", "vbscript:", "livescript:", "behavior:", "behaviour:", "-moz-binding",
        "@import",
    };
    private static final int[][] FAILURE = new int[NEEDLES.length][];

    static {
        for (int n = 0; n < NEEDLES.length; n++) {
            FAILURE[n] = failureFunction(NEEDLES[n]);
        }
    }

    private StyleInspector() {
    }

    static boolean isDangerous(String in, int start, int end) {
        int[] matched = new int[NEEDLES.length];
        boolean inComment = false;
        int i = start;
        while (i < end) {
            long decoded = HtmlCharacterReference.decode(in, i, end);
            i = HtmlCharacterReference.next(decoded);
            int cp = HtmlCharacterReference.codePoint(decoded);
            if (inComment) {
                if (cp == '*' && i < end && HtmlCharacterReference.codePoint(HtmlCharacterReference.decode(in, i, end)) == '/') {
                    i = HtmlCharacterReference.next(HtmlCharacterReference.decode(in, i, end));
                    inComment = false;
                }
                continue;
            }
            if (cp == '/' && i < end && HtmlCharacterReference.codePoint(HtmlCharacterReference.decode(in, i, end)) == '*') {
                i = HtmlCharacterReference.next(HtmlCharacterReference.decode(in, i, end));
                inComment = true;
                continue;
            }
            if (cp == '\\' && i < end) {
                long escaped = cssEscape(in, i, end);
                i = HtmlCharacterReference.next(escaped);
                cp = HtmlCharacterReference.codePoint(escaped);
            }
            if (cp <= ' ' || cp == 0x7f) {
                continue;
            }
            if (cp >= 'A' && cp <= 'Z') {
                cp += 32;
            }
            if (feed(matched, cp)) {
                return true;
            }
        }
        return false;
    }

    /** Resolves the escape whose body starts at {@code i} (just after the backslash). */
    private static long cssEscape(String in, int i, int end) {
        int value = 0;
        int digits = 0;
        int pos = i;
        while (pos < end && digits < 6) {
            long decoded = HtmlCharacterReference.decode(in, pos, end);
            int d = Character.digit(HtmlCharacterReference.codePoint(decoded), 16);
            if (d < 0) {
                break;
            }
            value = value * 16 + d;
            digits++;
            pos = HtmlCharacterReference.next(decoded);
        }
        if (digits == 0) {
            return HtmlCharacterReference.decode(in, i, end); // "\e" is just "e"
        }
        if (pos < end) {
            long decoded = HtmlCharacterReference.decode(in, pos, end);
            if (HtmlCharacterReference.codePoint(decoded) <= ' ') {
                pos = HtmlCharacterReference.next(decoded); // one whitespace ends a hex escape
            }
        }
        return ((long) value << 32) | pos;
    }

    private static boolean feed(int[] matched, int cp) {
        for (int n = 0; n < NEEDLES.length; n++) {
            String needle = NEEDLES[n];
            int m = matched[n];
            while (m > 0 && needle.charAt(m) != cp) {
                m = FAILURE[n][m - 1];
            }
            if (needle.charAt(m) == cp) {
                m++;
            }
            if (m == needle.length()) {
                return true;
            }
            matched[n] = m;
        }
        return false;
    }

    private static int[] failureFunction(String needle) {
        int[] f = new int[needle.length()];
        int k = 0;
        for (int i = 1; i < needle.length(); i++) {
            while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
                k = f[k - 1];
            }
            if (needle.charAt(i) == needle.charAt(k)) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }
}
