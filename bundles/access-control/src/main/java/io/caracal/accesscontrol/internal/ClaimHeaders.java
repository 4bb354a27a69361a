package io.caracal.accesscontrol.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.nimbusds.jose.util.JSONObjectUtils;

import io.caracal.api.config.ConfigReader;
import io.caracal.api.filter.FilterContext;

/**
 * Forwards claims of a verified token upstream as headers ({@code claims.headers = sub=X-User}).
 * The client's own copies of those headers are always removed, also under the names an upstream
 * cannot tell from them ({@code X_User} for {@code X-User}, see {@link Headers#otherSpellings}), so an
 * upstream can trust them.
 * Strings go as they are, numbers and booleans as text, arrays of those comma-separated, objects
 * as JSON; a value with control characters (which would split the header) is not forwarded.
 */
final class ClaimHeaders {

    static final String KEY = "claims.headers";

    /** Claim name to header name, in configuration order. */
    private final Map<String, String> headers;
    /** Every name a client copy may come under: the headers and their other spellings. */
    private final List<String> clientCopies;

    private ClaimHeaders(Map<String, String> headers) {
        this.headers = headers;
        List<String> names = new ArrayList<>();
        for (String header : headers.values()) {
            names.add(header);
            names.addAll(Headers.otherSpellings(header));
        }
        this.clientCopies = List.copyOf(names);
    }

    static ClaimHeaders parse(ConfigReader config, String tokenHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>(); // upstream key to the header first listed under it
        for (String entry : config.strings(KEY)) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw config.error(KEY, "'" + entry + "' is not claim=Header-Name");
            }
            String claim = entry.substring(0, equals).strip();
            String header = entry.substring(equals + 1).strip();
            String problem = Headers.problemWithName(header);
            if (problem != null) {
                throw config.error(KEY, problem);
            }
            // Compared as upstreams see names: X_User and X-User are one header to a CGI upstream.
            if (Headers.upstreamKey(header).equals(Headers.upstreamKey(tokenHeader))) {
                throw config.error(KEY, "'" + header + "' is the header the token comes in");
            }
            String earlier = seen.putIfAbsent(Headers.upstreamKey(header), header);
            if (earlier != null) {
                throw config.error(KEY, "header '" + header + "' is listed twice"
                        + (earlier.equalsIgnoreCase(header) ? "" : " ('" + earlier + "' is the same header upstream)"));
            }
            if (headers.putIfAbsent(claim, header) != null) {
                throw config.error(KEY, "claim '" + claim + "' is listed twice");
            }
        }
        return new ClaimHeaders(Collections.unmodifiableMap(headers));
    }

    /**
     * Removes the client's copies of the headers, in every spelling an upstream cannot tell apart
     * (before the token is even looked at).
     */
    void removeClientCopies(FilterContext context) {
        for (String name : clientCopies) {
            context.removeUpstreamHeader(name);
        }
    }

    /** Sets the headers from verified claims. */
    void forward(Map<String, Object> claims, FilterContext context) {
        headers.forEach((claim, header) -> {
            String value = format(claims.get(claim));
            if (value != null && Headers.isSafeValue(value)) {
                context.setUpstreamHeader(header, value);
            }
        });
    }

    boolean isEmpty() {
        return headers.isEmpty();
    }

    static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return JSONObjectUtils.toJSONString(stringKeys(map));
        }
        if (value instanceof Collection<?> items) {
            StringJoiner joined = new StringJoiner(",");
            for (Object item : items) {
                if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
                    return null; // nested structures have no sensible header form
                }
                joined.add(item.toString());
            }
            return joined.toString();
        }
        return null;
    }

    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        headers.forEach((claim, header) -> parts.add(claim + "=" + header));
        return String.join(", ", parts);
    }
}
