package io.caracal.ratelimit.internal;

import java.util.Locale;
import java.util.Map;

import io.caracal.api.filter.FilterContext;

/**
 * What a request's bucket is keyed by ({@code key = ip | header:<Name> | claim:<name> | route | ip+route}).
 * A request that has no value for the key (no such header, no such claim, a blank value) is not
 * limited, as with nginx {@code limit_req}.
 */
sealed interface RequestKey {

    /** This request's bucket key, or {@code null} when it has none and must not be limited. */
    Object of(FilterContext context);

    /**
     * Parses the {@code key} setting.
     *
     * @throws IllegalArgumentException with the reason, when the text is not a known key
     */
    static RequestKey parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("ip")) {
            return new ClientIp();
        }
        if (lower.equals("route")) {
            return new Route();
        }
        if (lower.equals("ip+route")) {
            return new ClientIpAndRoute();
        }
        if (lower.startsWith("header:")) {
            String name = text.substring("header:".length()).trim();
            if (!HeaderNames.isToken(name)) {
                throw new IllegalArgumentException("'" + text + "' needs a header name after 'header:'");
            }
            return new Header(name);
        }
        if (lower.startsWith("claim:")) {
            String claim = text.substring("claim:".length()).trim();
            if (claim.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' needs a claim name after 'claim:'");
            }
            return new Claim(claim);
        }
        throw new IllegalArgumentException("'" + text + "' is not ip, header:<Name>, claim:<name>, route or ip+route");
    }

    /** The client address the listener resolved (through trusted proxies). */
    record ClientIp() implements RequestKey {
        @Override
        public Object of(FilterContext context) {
            return present(context.request().clientAddress());
        }

        @Override
        public String toString() {
            return "ip";
        }
    }

    /** One bucket per route, shared by all its clients. */
    record Route() implements RequestKey {
        @Override
        public Object of(FilterContext context) {
            return present(context.route());
        }

        @Override
        public String toString() {
            return "route";
        }
    }

    /** One bucket per client and route, for a filter listed by several routes. */
    record ClientIpAndRoute() implements RequestKey {
        @Override
        public Object of(FilterContext context) {
            String ip = present(context.request().clientAddress());
            String route = present(context.route());
            // A pair rather than a concatenation: no string building per request, no separator ambiguity.
            return ip == null || route == null ? null : new IpRoute(ip, route);
        }

        @Override
        public String toString() {
            return "ip+route";
        }
    }

    /** The first value of a request header; the client chooses it, so long values are digested. */
    record Header(String name) implements RequestKey {
        @Override
        public Object of(FilterContext context) {
            String value = present(context.request().header(name));
            return value == null ? null : KeyDigest.compact(value);
        }

        @Override
        public String toString() {
            return "header:" + name;
        }
    }

    /** A claim of the identity an authentication filter verified earlier on the route. */
    record Claim(String name) implements RequestKey {
        @Override
        public Object of(FilterContext context) {
            if (!(context.attributes().get(FilterContext.IDENTITY_CLAIMS) instanceof Map<?, ?> claims)) {
                return null;
            }
            Object value = claims.get(name);
            if (value == null) {
                return null;
            }
            String text = present(value instanceof String string ? string : value.toString());
            return text == null ? null : KeyDigest.compact(text);
        }

        @Override
        public String toString() {
            return "claim:" + name;
        }
    }

    /** The bucket key of {@code ip+route}. */
    record IpRoute(String ip, String route) {
    }

    private static String present(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
