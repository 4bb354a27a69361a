package io.caracal.waf.internal.transform;

/** t:removeNulls deletes NUL bytes, t:replaceNulls turns them into spaces. */
enum NullBytes implements Transformation {
    REMOVE,
    REPLACE;

    @Override
    public String apply(String input) {
        if (input.indexOf('\0') < 0) {
            return input;
        }
        return this == REPLACE ? input.replace('\0', ' ') : input.replace("\0", "");
    }
}
