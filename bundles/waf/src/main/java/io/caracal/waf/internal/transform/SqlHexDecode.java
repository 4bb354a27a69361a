package io.caracal.waf.internal.transform;

/**
 * t:sqlHexDecode: SQL hex literals {@code 0xHHHH...} become the bytes they encode (an odd last
 * digit stays as it is). "0x" without at least one hex pair is left unchanged.
 */
final class SqlHexDecode implements Transformation {

    static final SqlHexDecode INSTANCE = new SqlHexDecode();

    private SqlHexDecode() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        StringBuilder out = null;
        int i = 0;
        while (i < length) {
            if (startsHexLiteral(input, i)) {
                if (out == null) {
                    out = new StringBuilder(length).append(input, 0, i);
                }
                i += 2;
                while (i + 1 < length && ByteChars.isHexDigit(input.charAt(i)) && ByteChars.isHexDigit(input.charAt(i + 1))) {
                    out.append(ByteChars.hexPair(input, i));
                    i += 2;
                }
            } else {
                if (out != null) {
                    out.append(input.charAt(i));
                }
                i++;
            }
        }
        return out == null ? input : out.toString();
    }

    private static boolean startsHexLiteral(String s, int i) {
        return i + 3 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && ByteChars.isHexDigit(s.charAt(i + 2)) && ByteChars.isHexDigit(s.charAt(i + 3));
    }
}
