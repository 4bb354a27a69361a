package io.caracal.waf.internal.transform;

/**
 * t:hexDecode: every two chars become one byte; an odd last char is dropped. Like ModSecurity,
 * the input is not validated: non-hex pairs yield whatever ModSecurity's arithmetic gives.
 */
final class HexDecode implements Transformation {

    static final HexDecode INSTANCE = new HexDecode();

    private HexDecode() {
    }

    @Override
    public String apply(String input) {
        int length = input.length();
        StringBuilder out = new StringBuilder(length / 2);
        for (int i = 0; i + 1 < length; i += 2) {
            out.append(ByteChars.unvalidatedHexPair(input.charAt(i), input.charAt(i + 1)));
        }
        return ByteChars.sameOrNew(input, out);
    }
}
