package io.caracal.accesscontrol.internal;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

/**
 * Verifies a compact JWS token with Nimbus's {@link DefaultJWTProcessor}: a signature by one of
 * the configured keys with one of the allowed algorithms, then the claims (exp, nbf with clock
 * skew, iss, aud, required claims). Unsigned ({@code alg: none}) and encrypted tokens are refused
 * before Nimbus sees them. Rejections carry a short fixed reason, never text from the token, as
 * it is echoed in a response header. The processor is thread-safe once configured.
 */
final class TokenVerifier {

    /** Why a token was refused, or its claims. */
    record Verification(JWTClaimsSet claims, String reason) {
        boolean valid() {
            return claims != null;
        }
    }

    /** Types of token accepted in the {@code typ} header: none, JWT, and OAuth access tokens (RFC 9068). */
    private static final JOSEObjectType[] TYPES = { null, JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt") };

    /** How long a verified token is taken on trust at most (it never outlives its exp). */
    static final Duration TRUST_AT_MOST = Duration.ofMinutes(5);
    private static final int MAX_TRUSTED_TOKENS = 10_000;

    private final Set<JWSAlgorithm> algorithms;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final int clockSkewSeconds;
    /**
     * Tokens that passed every check, by their exact text: clients send the same token on every
     * request, and decoding and verifying it each time is most of the filter's cost. Only
     * successes are kept; a key reload makes a new verifier, and so an empty cache.
     */
    private final Cache<String, JWTClaimsSet> verified;

    /**
     * @param audience accepted audiences; when not empty the token's aud must hold one of them
     * @param issuer the required iss, or null
     * @param requiredClaims claims that must be present (exp is among them when required)
     */
    TokenVerifier(KeyRing keys, Set<JWSAlgorithm> algorithms, Set<String> audience, String issuer,
            Set<String> requiredClaims, int clockSkewSeconds) {
        this.algorithms = Set.copyOf(algorithms);
        this.clockSkewSeconds = clockSkewSeconds;
        this.verified = Caffeine.newBuilder().maximumSize(MAX_TRUSTED_TOKENS).expireAfter(new UntilExpiry()).build();
        Set<String> required = new HashSet<>(requiredClaims);
        JWTClaimsSet exact = null;
        if (issuer != null) {
            exact = new JWTClaimsSet.Builder().issuer(issuer).build();
            required.add("iss");
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience.isEmpty() ? null : Set.copyOf(audience), exact, required, null);
        claims.setMaxClockSkew(clockSkewSeconds);
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPES));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(this.algorithms, keys));
        processor.setJWTClaimsSetVerifier(claims);
    }

    Verification verify(String token) {
        JWTClaimsSet trusted = verified.getIfPresent(token);
        if (trusted != null) {
            return new Verification(trusted, null);
        }
        Verification verification = verifyNow(token);
        if (verification.claims() != null) {
            verified.put(token, verification.claims());
        }
        return verification;
    }

    /** Keeps a verified token until its exp (plus the allowed skew) or {@link #TRUST_AT_MOST}, whichever is first. */
    private final class UntilExpiry implements Expiry<String, JWTClaimsSet> {
        @Override
        public long expireAfterCreate(String token, JWTClaimsSet claims, long currentTime) {
            long trust = TRUST_AT_MOST.toNanos();
            Date exp = claims.getExpirationTime();
            if (exp != null) {
                long untilExp = TimeUnit.MILLISECONDS.toNanos(exp.getTime() + clockSkewSeconds * 1000L - System.currentTimeMillis());
                trust = Math.max(0, Math.min(trust, untilExp));
            }
            return trust;
        }

        @Override
        public long expireAfterUpdate(String token, JWTClaimsSet claims, long currentTime, long currentDuration) {
            return expireAfterCreate(token, claims, currentTime);
        }

        @Override
        public long expireAfterRead(String token, JWTClaimsSet claims, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private Verification verifyNow(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return rejected("malformed token");
        }
        if (jwt instanceof PlainJWT) {
            return rejected("unsigned token");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            return rejected("encrypted tokens are not accepted");
        }
        if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
            return rejected("signing algorithm not accepted");
        }
        try {
            return new Verification(processor.process(signed, null), null);
        } catch (ExpiredJWTException e) {
            return rejected("token expired");
        } catch (BadJWTException e) {
            return rejected(claimsReason(e.getMessage()));
        } catch (BadJWSException e) {
            return rejected("invalid signature");
        } catch (BadJOSEException e) {
            return rejected(joseReason(e.getMessage()));
        } catch (JOSEException e) {
            return rejected("token could not be verified");
        }
    }

    private static Verification rejected(String reason) {
        return new Verification(null, reason);
    }

    /** Nimbus's claim checks say what failed in their messages; keep only which check it was. */
    private static String claimsReason(String message) {
        String text = message == null ? "" : message;
        if (text.startsWith("JWT before use time")) {
            return "token not yet valid";
        }
        if (text.contains(" aud ")) {
            return "audience not accepted";
        }
        if (text.contains(" iss ")) {
            return "issuer not accepted";
        }
        if (text.startsWith("JWT missing required claims")) {
            return "token lacks required claims";
        }
        return "claims not accepted";
    }

    private static String joseReason(String message) {
        String text = message == null ? "" : message;
        if (text.contains("no matching key")) {
            return "no key matches the token";
        }
        if (text.contains("typ")) {
            return "token type not accepted";
        }
        return "token rejected";
    }
}
