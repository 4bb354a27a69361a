package io.caracal.waf.internal.transform;

/** t:lowercase and t:uppercase. Only ASCII letters change, as with C {@code tolower} in the C locale. */
enum AsciiCase implements Transformation {
    LOWER {
        @Override
        char convert(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
    },
    UPPER {
        @Override
        char convert(char c) {
            return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
        }
    };

    abstract char convert(char c);

    @Override
    public String apply(String input) {
        int length = input.length();
        int first = 0;
        while (first < length && convert(input.charAt(first)) == input.charAt(first)) {
            first++;
        }
        if (first == length) {
            return input;
        }
        char[] out = input.toCharArray();
        for (int i = first; i < length; i++) {
            out[i] = convert(out[i]);
        }
        return new String(out);
    }
}
