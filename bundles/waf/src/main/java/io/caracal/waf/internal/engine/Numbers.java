package io.caracal.waf.internal.engine;

/** Numbers as ModSecurity reads them from variables: leading digits, anything else is 0. */
final class Numbers {

    private Numbers() {
    }

    private static final String[] SMALL = new String[256];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).intern();
        }
    }

    /** The decimal text of {@code n}; the same instance each time for small counts, which recur on every request. */
    static String toString(long n) {
        return n >= 0 && n < SMALL.length ? SMALL[(int) n] : Long.toString(n);
    }

    static long parse(String text) {
        if (text == null) {
            return 0;
        }
        String s = text.strip();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && digits < 18) {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
            digits++;
        }
        return negative ? -value : value;
    }
}
