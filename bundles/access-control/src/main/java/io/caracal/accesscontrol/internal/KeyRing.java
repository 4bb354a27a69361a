package io.caracal.accesscontrol.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * The key source Nimbus's key selector asks for candidates. Keys of a JWKS with a {@code kid} only
 * answer tokens naming that kid (or none); a single configured key (a secret or PEM file, which
 * has no kid) answers whatever kid or certificate thumbprint a token names, since issuers often
 * put one in the header the operator never sees. Key type, use and algorithm must still match.
 * Immutable, so thread-safe.
 */
final class KeyRing implements JWKSource<SecurityContext> {

    private final List<JWK> withKid;
    private final List<JWK> anyKid;

    KeyRing(List<JWK> withKid, List<JWK> anyKid) {
        this.withKid = List.copyOf(withKid);
        this.anyKid = List.copyOf(anyKid);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        JWKMatcher matcher = selector.getMatcher();
        List<JWK> candidates = new ArrayList<>();
        for (JWK key : withKid) {
            if (matcher.matches(key)) {
                candidates.add(key);
            }
        }
        if (!anyKid.isEmpty()) {
            JWKMatcher ignoringIds = new JWKMatcher.Builder(matcher).keyIDs((Set<String>) null)
                    .x509CertSHA256Thumbprints((Set<Base64URL>) null).build();
            for (JWK key : anyKid) {
                if (ignoringIds.matches(key)) {
                    candidates.add(key);
                }
            }
        }
        return candidates;
    }
}
