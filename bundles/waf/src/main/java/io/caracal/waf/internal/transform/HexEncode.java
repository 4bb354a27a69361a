package io.caracal.waf.internal.transform;

/** t:hexEncode: each byte becomes two lowercase hex digits. */
final class HexEncode implements Transformation {

    static final HexEncode INSTANCE = new HexEncode();

    private HexEncode() {
    }

    @Override
    public String apply(String input) {
        if (input.isEmpty()) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length() * 2);
        for (int i = 0; i < input.length(); i++) {
            ByteChars.appendLowerHex(out, input.charAt(i));
        }
        return out.toString();
    }
}
