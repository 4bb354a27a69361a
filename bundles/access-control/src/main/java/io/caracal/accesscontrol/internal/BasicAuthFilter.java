package io.caracal.accesscontrol.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

/**
 * HTTP Basic authentication against an htpasswd file of bcrypt hashes. A request without valid
 * credentials gets 401 with a {@code WWW-Authenticate: Basic} challenge; the same answer for an
 * unknown user and a wrong password. While every bcrypt slot is busy, a request that would need
 * one gets 503 with {@code Retry-After: 1} (see {@link PasswordVerifier}). An authenticated request
 * carries the user upstream in {@code user.header} (replacing whatever the client sent there, also
 * under the names an upstream cannot tell from it, see {@link Headers#otherSpellings}) and, by
 * default, loses its {@code Authorization} header. Thread-safe.
 */
final class BasicAuthFilter implements RequestFilter {

    static final String TYPE = "basic-auth";

    static final String DEFAULT_REALM = "Caracal";
    static final String DEFAULT_USER_HEADER = "X-Authenticated-User";
    static final String BUSY_REASON = "too many password checks in progress";

    private static final List<Map.Entry<String, String>> RETRY_SOON = List.of(Map.entry("Retry-After", "1"));

    private final String name;
    private final PasswordVerifier verifier;
    private final String userHeader;
    /** The other spellings of the user header, removed so a client cannot forge them. */
    private final List<String> userHeaderSpellings;
    private final boolean stripCredentials;
    private final List<Map.Entry<String, String>> challenge;

    BasicAuthFilter(String name, String realm, PasswordVerifier verifier, String userHeader, boolean stripCredentials) {
        this.name = name;
        this.verifier = verifier;
        this.userHeader = userHeader;
        this.userHeaderSpellings = userHeader == null ? List.of() : Headers.otherSpellings(userHeader);
        this.stripCredentials = stripCredentials;
        this.challenge = List.of(Map.entry(Headers.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\""));
    }

    /**
     * Makes the filter from its configuration: {@code name}, {@code realm}, {@code users.file},
     * {@code user.header} (empty for none), {@code strip.credentials}.
     */
    static BuiltFilter build(FilterSettings settings) {
        String name = settings.name();
        String realm = settings.config().string("realm", DEFAULT_REALM);
        if (!Headers.isQuotable(realm)) {
            throw settings.error("realm", "may not hold double quotes, backslashes or control characters");
        }
        String userHeader = DEFAULT_USER_HEADER;
        if (settings.isPresent("user.header")) {
            userHeader = settings.config().string("user.header", null); // empty: no header
            String problem = userHeader == null ? null : Headers.problemWithName(userHeader);
            if (problem != null) {
                throw settings.error("user.header", problem);
            }
        }
        boolean strip = settings.config().booleanValue("strip.credentials", true);
        Path file = settings.file("users.file");
        if (file == null) {
            throw settings.error("users.file", "is required");
        }
        Map<String, String> users = HtpasswdFile.parse(settings.read("users.file", file), file, settings.config(), "users.file");
        BasicAuthFilter filter = new BasicAuthFilter(name, realm, new PasswordVerifier(users), userHeader, strip);
        String summary = users.size() + " user(s) from " + file + ", realm \"" + realm + "\""
                + (userHeader != null ? ", user sent upstream in " + userHeader : "")
                + (strip ? ", Authorization removed before forwarding" : "");
        return new BuiltFilter(name, filter, summary);
    }

    @Override
    public FilterDecision apply(FilterContext context) {
        List<String> values = context.request().headers(Headers.AUTHORIZATION);
        if (values.isEmpty()) {
            return challenge("authentication required");
        }
        if (values.size() > 1) {
            return challenge("malformed Authorization header");
        }
        BasicCredentials.Parsed parsed = BasicCredentials.parse(values.get(0));
        switch (parsed.outcome()) {
            case NOT_BASIC:
                return challenge("authentication required");
            case MALFORMED:
                return challenge("malformed Authorization header");
            default:
                break;
        }
        BasicCredentials credentials = parsed.credentials();
        PasswordVerifier.Result result;
        try {
            result = verifier.verify(credentials.user(), credentials.password());
        } finally {
            Arrays.fill(credentials.password(), (byte) 0);
        }
        switch (result) {
            case BUSY:
                return FilterDecision.reject(503, BUSY_REASON, RETRY_SOON);
            case INVALID:
                return challenge("invalid user name or password");
            default:
                break;
        }
        context.attributes().put(FilterContext.IDENTITY_CLAIMS, Map.of("sub", credentials.user()));
        if (userHeader != null) {
            for (String spelling : userHeaderSpellings) {
                context.removeUpstreamHeader(spelling);
            }
            context.setUpstreamHeader(userHeader, credentials.user());
        }
        if (stripCredentials) {
            context.removeUpstreamHeader(Headers.AUTHORIZATION);
        }
        return FilterDecision.proceed();
    }

    private FilterDecision challenge(String reason) {
        return FilterDecision.reject(401, reason, challenge);
    }

    @Override
    public String toString() {
        return TYPE + " filter '" + name + "'";
    }
}
