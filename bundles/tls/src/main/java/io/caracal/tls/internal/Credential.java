package io.caracal.tls.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One certificate the context can serve: its key, its chain (the certificate first) and the host
 * names it is valid for.
 *
 * @param alias the keystore alias, or the certificate file's name
 * @param certificateOrigin where the certificate was read from, for messages
 * @param keyOrigin where the key was read from, for messages
 */
record Credential(String alias, PrivateKey key, X509Certificate[] chain, List<String> names, String certificateOrigin,
        String keyOrigin) {

    X509Certificate certificate() {
        return chain[0];
    }

    /** The JSSE key type: RSA, EC, EdDSA, RSASSA-PSS … */
    String keyType() {
        return key.getAlgorithm();
    }

    /** Whether this certificate is for {@code host} by an exact name (not a wildcard). */
    boolean servesExactly(String host) {
        return names.stream().filter(n -> !HostNames.isWildcard(n)).anyMatch(n -> HostNames.matches(n, host));
    }

    boolean servesByWildcard(String host) {
        return names.stream().filter(HostNames::isWildcard).anyMatch(n -> HostNames.matches(n, host));
    }

    @Override
    public String toString() {
        return alias + " " + names + " " + keyType() + ", valid until " + certificate().getNotAfter().toInstant();
    }
}
