package io.caracal.waf.internal.transform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** t:sha1 and t:md5: the raw digest bytes (not hex; combine with t:hexEncode for that). */
enum Digest implements Transformation {
    SHA1("SHA-1"),
    MD5("MD5");

    private final String algorithm;

    Digest(String algorithm) {
        this.algorithm = algorithm;
    }

    @Override
    public String apply(String input) {
        try {
            // MessageDigest instances are not thread-safe, so one per call.
            byte[] digest = MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.ISO_8859_1));
            return new String(digest, StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides " + algorithm, e);
        }
    }
}
