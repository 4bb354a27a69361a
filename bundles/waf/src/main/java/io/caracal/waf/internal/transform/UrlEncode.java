package io.caracal.waf.internal.transform;

/** t:urlEncode: letters, digits and '*' stay, space becomes '+', every other byte becomes %hh. */
final class UrlEncode implements Transformation {

    static final UrlEncode INSTANCE = new UrlEncode();

    private UrlEncode() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            boolean kept = c == '*' || ByteChars.isAsciiAlnum(c);
            if (out == null) {
                if (kept) {
                    continue;
                }
                out = new StringBuilder(length + 16).append(input, 0, i);
            }
            if (kept) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%');
                ByteChars.appendLowerHex(out, c);
            }
        }
        return out == null ? input : out.toString();
    }
}
