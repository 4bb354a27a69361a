package io.caracal.waf.internal.transform;

/** t:length: the number of bytes, in decimal. */
final class Length implements Transformation {

    static final Length INSTANCE = new Length();

    private Length() {
    }

    @Override
    public String apply(String input) {
        return ByteChars.sameOrNew(input, Integer.toString(input.length()));
    }
}
