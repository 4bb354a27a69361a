package io.caracal.ratelimit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Keeps client-chosen key values small in the bucket table: a header value may be kilobytes long,
 * and the table holds up to {@code max.keys} of them. Values longer than {@link #MAX_LENGTH} are
 * replaced by 128 bits of their SHA-256, a collision-resistant stand-in (a weak hash would let a
 * client aim at another client's bucket). A digest is its own type, so it never equals a short value.
 */
record KeyDigest(long high, long low) {

    static final int MAX_LENGTH = 64;

    /** The value itself when short, else its digest. */
    static Object compact(String value) {
        if (value.length() <= MAX_LENGTH) {
            return value;
        }
        ByteBuffer hash = ByteBuffer.wrap(sha256().digest(value.getBytes(StandardCharsets.UTF_8)));
        return new KeyDigest(hash.getLong(), hash.getLong());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
