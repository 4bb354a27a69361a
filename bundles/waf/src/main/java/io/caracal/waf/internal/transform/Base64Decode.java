package io.caracal.waf.internal.transform;

/**
 * t:base64Decode and t:base64DecodeExt.
 *
 * <p>The strict form (as ModSecurity through APR) decodes the longest leading run of base64
 * alphabet chars and stops at the first other char, '=' padding included; a dangling single
 * char at the end is ignored. The forgiving form (base64DecodeExt) skips chars outside the
 * alphabet anywhere, stops at a NUL byte, and yields an empty value when padding follows a lone
 * char of a quantum (an impossible encoding).
 */
enum Base64Decode implements Transformation {
    STRICT {
        @Override
        public String apply(String input) {
            int end = 0;
            while (end < input.length() && sextet(input.charAt(end)) >= 0) {
                end++;
            }
            return ByteChars.sameOrNew(input, decodeSextets(input, 0, end, false));
        }
    },
    FORGIVING {
        @Override
        public String apply(String input) {
            return ByteChars.sameOrNew(input, decodeSextets(input, 0, input.length(), true));
        }
    };

    private static final int[] SEXTETS = new int[256];

    static {
        java.util.Arrays.fill(SEXTETS, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = i;
        }
    }

    static int sextet(char c) {
        return c < 256 ? SEXTETS[c] : -1;
    }

    /** Decodes the alphabet chars in [from, to); with {@code skipInvalid}, other chars are ignored. */
    static String decodeSextets(String input, int from, int to, boolean skipInvalid) {
        StringBuilder out = new StringBuilder((to - from) * 3 / 4 + 1);
        int bits = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            char c = input.charAt(i);
            if (skipInvalid && c == '\0') {
                break;
            }
            if (skipInvalid && c == '=') {
                boolean nextIsPadding = i + 1 < to && input.charAt(i + 1) == '=';
                if (count % 4 == 1 && !nextIsPadding) {
                    return "";
                }
                continue;
            }
            int value = sextet(c);
            if (value < 0) {
                continue;
            }
            bits = (bits << 6) | value;
            count++;
            if (count % 4 == 0) {
                out.append((char) ((bits >> 16) & 0xFF)).append((char) ((bits >> 8) & 0xFF)).append((char) (bits & 0xFF));
                bits = 0;
            }
        }
        int rest = count % 4;
        if (rest == 2) {
            out.append((char) ((bits >> 4) & 0xFF));
        } else if (rest == 3) {
            out.append((char) ((bits >> 10) & 0xFF)).append((char) ((bits >> 2) & 0xFF));
        }
        return out.toString();
    }
}
