package io.caracal.waf.internal.transform;

/**
 * t:urlDecode and t:urlDecodeUni: {@code %HH} and '+' are decoded; an invalid or truncated
 * escape is copied unchanged. The IIS flavour also decodes {@code %uHHHH} through
 * {@link WideCharToByte}.
 */
enum UrlDecode implements Transformation {
    STANDARD(false),
    WITH_IIS_UNICODE(true);

    private final boolean percentU;

    UrlDecode(boolean percentU) {
        this.percentU = percentU;
    }

    @Override
    public String apply(String input) {
        if (input.indexOf('%') < 0 && input.indexOf('+') < 0) {
            return input;
        }
        int length = input.length();
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            char c = input.charAt(i);
            if (c == '+') {
                out.append(' ');
                i++;
            } else if (c != '%') {
                out.append(c);
                i++;
            } else if (percentU && i + 1 < length && (input.charAt(i + 1) == 'u' || input.charAt(i + 1) == 'U')) {
                i = decodePercentU(input, i, out);
            } else if (i + 2 < length && ByteChars.isHexDigit(input.charAt(i + 1))
                    && ByteChars.isHexDigit(input.charAt(i + 2))) {
                out.append(ByteChars.hexPair(input, i + 1));
                i += 3;
            } else {
                out.append('%');
                i++;
            }
        }
        return ByteChars.sameOrNew(input, out);
    }

    /** Handles "%u" at {@code i}; returns the index after what was consumed. */
    private static int decodePercentU(String input, int i, StringBuilder out) {
        if (i + 5 < input.length()
                && ByteChars.isHexDigit(input.charAt(i + 2)) && ByteChars.isHexDigit(input.charAt(i + 3))
                && ByteChars.isHexDigit(input.charAt(i + 4)) && ByteChars.isHexDigit(input.charAt(i + 5))) {
            out.append(WideCharToByte.map(ByteChars.hexPair(input, i + 2), ByteChars.hexPair(input, i + 4)));
            return i + 6;
        }
        // Like ModSecurity, an invalid %u escape is copied as "%u" and decoding resumes after it.
        out.append(input, i, i + 2);
        return i + 2;
    }
}
