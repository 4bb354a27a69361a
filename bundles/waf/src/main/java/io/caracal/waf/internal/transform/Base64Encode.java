package io.caracal.waf.internal.transform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** t:base64Encode: standard alphabet with '=' padding. */
final class Base64Encode implements Transformation {

    static final Base64Encode INSTANCE = new Base64Encode();

    private Base64Encode() {
    }

    @Override
    public String apply(String input) {
        if (input.isEmpty()) {
            return input;
        }
        byte[] encoded = Base64.getEncoder().encode(input.getBytes(StandardCharsets.ISO_8859_1));
        return new String(encoded, StandardCharsets.ISO_8859_1);
    }
}
