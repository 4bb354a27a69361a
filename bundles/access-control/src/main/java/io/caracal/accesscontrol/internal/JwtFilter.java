package io.caracal.accesscontrol.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;

import io.caracal.api.config.ConfigReader;
import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

/**
 * Bearer token (JWT) validation. A request without a token gets 401 with a
 * {@code WWW-Authenticate: Bearer realm="<name>"} challenge; an invalid token (signature, algorithm,
 * expiry, not-before, issuer, audience, required claims, syntax) gets 401 with
 * {@code error="invalid_token"} and a short reason (RFC 6750). A valid token's claims are stored
 * under {@link FilterContext#IDENTITY_CLAIMS} and the configured ones forwarded as headers.
 * Immutable apart from Nimbus's thread-safe processor.
 */
final class JwtFilter implements RequestFilter {

    static final String TYPE = "jwt";

    static final int DEFAULT_CLOCK_SKEW_S = 60;
    static final String DEFAULT_TOKEN_HEADER = Headers.AUTHORIZATION;

    private static final String BEARER = "bearer";

    private final String name;
    private final TokenVerifier verifier;
    private final String tokenHeader;
    private final boolean authorizationScheme;
    private final ClaimHeaders claimHeaders;
    private final List<Map.Entry<String, String>> missingChallenge;

    JwtFilter(String name, TokenVerifier verifier, String tokenHeader, ClaimHeaders claimHeaders) {
        this.name = name;
        this.verifier = verifier;
        this.tokenHeader = tokenHeader;
        this.authorizationScheme = tokenHeader.equalsIgnoreCase(Headers.AUTHORIZATION);
        this.claimHeaders = claimHeaders;
        this.missingChallenge = List.of(Map.entry(Headers.WWW_AUTHENTICATE, "Bearer realm=\"" + name + "\""));
    }

    /** Makes the filter from its configuration; see {@link JwtConfig} for the keys. */
    static BuiltFilter build(FilterSettings settings) {
        ConfigReader config = settings.config();
        String name = settings.name();
        String tokenHeader = config.string("token.header", DEFAULT_TOKEN_HEADER);
        String problem = Headers.problemWithName(tokenHeader);
        if (problem != null) {
            throw settings.error("token.header", problem);
        }
        ClaimHeaders claimHeaders = ClaimHeaders.parse(config, tokenHeader);
        String issuer = config.string("issuer", null);
        Set<String> audience = new LinkedHashSet<>(config.strings("audience"));
        int clockSkew = config.intValue("clock.skew.s", DEFAULT_CLOCK_SKEW_S, 0, 3600);
        boolean requireExp = config.booleanValue("require.exp", true);
        Set<String> requiredClaims = new LinkedHashSet<>(config.strings("required.claims"));
        if (requireExp) {
            requiredClaims.add("exp");
        }
        VerificationKeys keys = VerificationKeys.load(settings);
        Set<JWSAlgorithm> algorithms = algorithms(settings, keys);

        TokenVerifier verifier = new TokenVerifier(new KeyRing(keys.withKid(), keys.anyKid()), algorithms, audience,
                issuer, requiredClaims, clockSkew);
        List<String> warnings = new ArrayList<>(keys.warnings());
        if (!requireExp) {
            warnings.add("key 'require.exp' is false: tokens without an expiry are accepted forever");
        }
        String summary = keys.describe() + "; algorithms " + names(algorithms)
                + (issuer != null ? "; issuer " + issuer : "")
                + (audience.isEmpty() ? "" : "; audience " + audience)
                + (requiredClaims.isEmpty() ? "" : "; required claims " + requiredClaims)
                + (claimHeaders.isEmpty() ? "" : "; forwarded claims " + claimHeaders);
        return new BuiltFilter(name, new JwtFilter(name, verifier, tokenHeader, claimHeaders), summary, warnings);
    }

    /** The configured algorithms, each checked against the keys; by default all the keys fit. */
    private static Set<JWSAlgorithm> algorithms(FilterSettings settings, VerificationKeys keys) {
        List<String> configured = settings.config().strings("algorithms");
        if (configured.isEmpty()) {
            return keys.algorithms();
        }
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String text : configured) {
            if (text.equalsIgnoreCase("none")) {
                throw settings.error("algorithms", "'none' (unsigned tokens) is never accepted");
            }
            JWSAlgorithm algorithm = JWSAlgorithm.Family.SIGNATURE.stream()
                    .filter(known -> known.getName().equalsIgnoreCase(text)).findFirst().orElse(null);
            if (algorithm == null) {
                throw settings.error("algorithms", "'" + text + "' is not a JWS signature algorithm");
            }
            if (!keys.algorithms().contains(algorithm)) {
                throw settings.error("algorithms", algorithm + " fits none of the configured keys (they fit "
                        + names(keys.algorithms()) + ")");
            }
            algorithms.add(algorithm);
        }
        return algorithms;
    }

    private static String names(Set<JWSAlgorithm> algorithms) {
        return algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", "));
    }

    @Override
    public FilterDecision apply(FilterContext context) {
        // First of all, so a forged identity header can never reach the upstream.
        claimHeaders.removeClientCopies(context);
        List<String> values = context.request().headers(tokenHeader);
        if (values.isEmpty()) {
            return FilterDecision.reject(401, "bearer token required", missingChallenge);
        }
        if (values.size() > 1) {
            return invalid("more than one token");
        }
        String token = token(values.get(0));
        if (token == null) {
            return FilterDecision.reject(401, "bearer token required", missingChallenge);
        }
        if (token.isEmpty()) {
            return invalid("malformed token");
        }
        TokenVerifier.Verification verification = verifier.verify(token);
        if (!verification.valid()) {
            return invalid(verification.reason());
        }
        Map<String, Object> claims = Collections.unmodifiableMap(verification.claims().toJSONObject());
        context.attributes().put(FilterContext.IDENTITY_CLAIMS, claims);
        claimHeaders.forward(claims, context);
        return FilterDecision.proceed();
    }

    /**
     * The token in a header value: after the Bearer scheme in Authorization, or the whole value
     * (an optional Bearer prefix allowed) in any other header. Null when Authorization holds
     * another scheme: then there is no bearer token at all.
     */
    private String token(String value) {
        String text = value.strip();
        int space = text.indexOf(' ');
        boolean bearer = space > 0 && text.substring(0, space).toLowerCase(Locale.ROOT).equals(BEARER);
        if (bearer) {
            return text.substring(space + 1).strip();
        }
        if (authorizationScheme) {
            return text.toLowerCase(Locale.ROOT).equals(BEARER) ? "" : null;
        }
        return text;
    }

    private static FilterDecision invalid(String reason) {
        return FilterDecision.reject(401, reason, List.of(Map.entry(Headers.WWW_AUTHENTICATE,
                "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"")));
    }

    @Override
    public String toString() {
        return TYPE + " filter '" + name + "'";
    }
}
