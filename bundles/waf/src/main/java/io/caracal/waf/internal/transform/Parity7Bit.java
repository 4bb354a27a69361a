package io.caracal.waf.internal.transform;

/**
 * t:parityEven7bit, t:parityOdd7bit, t:parityZero7bit: sets the high bit of each byte so that
 * the byte has even or odd parity, or clears it. As in ModSecurity the parity is taken over all
 * eight bits of the input byte.
 */
enum Parity7Bit implements Transformation {
    EVEN,
    ODD,
    ZERO;

    @Override
    public String apply(String input) {
        char[] out = input.toCharArray();
        for (int i = 0; i < out.length; i++) {
            int b = out[i];
            boolean oddBits = Integer.bitCount(b) % 2 == 1;
            boolean setHighBit = this == EVEN ? oddBits : this == ODD && !oddBits;
            out[i] = (char) (setHighBit ? b | 0x80 : b & 0x7F);
        }
        return ByteChars.sameOrNew(input, new String(out));
    }
}
