package io.caracal.balancer.hash.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caracal.api.http.RequestView;

/**
 * What a request is hashed by: the strategy option {@code key}.
 *
 * <table>
 * <caption>values of the {@code key} option</caption>
 * <tr><td>{@code ip} (default)</td><td>the client address ({@link RequestView#clientAddress()}): the
 *     peer that connected to the proxy, or the address a trusted proxy forwarded</td></tr>
 * <tr><td>{@code header:<Name>}</td><td>the first value of that request header (name case-insensitive)</td></tr>
 * <tr><td>{@code cookie:<name>}</td><td>the value of that cookie (name case-sensitive) in the
 *     {@code Cookie} header(s), parsed RFC 6265 style {@code a=b; c=d}; a value in double quotes is
 *     taken without them; the first cookie of that name wins</td></tr>
 * <tr><td>{@code path}</td><td>the request path, without the query</td></tr>
 * <tr><td>{@code path+query}</td><td>the path and the raw query (a request without a query hashes as
 *     with {@code path})</td></tr>
 * </table>
 *
 * <p><b>Fallback:</b> a request without the configured header or cookie, or with an empty value,
 * is hashed by its client address instead, as with {@code key=ip}. Keys are hashed in place with
 * {@link XxHash64} over their UTF-16 code units: no copy of the key is made.
 */
abstract class KeySource {

    static final String OPTION = "key";
    private static final String VALUES = "ip, header:<Name>, cookie:<name>, path, path+query";

    private final String description;

    private KeySource(String description) {
        this.description = description;
    }

    /** The 64-bit hash of this request's key. */
    abstract long hash(RequestView request);

    @Override
    public String toString() {
        return OPTION + "=" + description;
    }

    /**
     * The key source the strategy options ask for.
     *
     * @throws IllegalArgumentException naming the option, for an unknown option or value
     */
    static KeySource fromOptions(Map<String, String> options) {
        for (String option : options.keySet()) {
            if (!OPTION.equals(option)) {
                throw new IllegalArgumentException("option '" + option + "' is unknown; consistent-hash takes only '"
                        + OPTION + "' (" + VALUES + ")");
            }
        }
        String value = options.get(OPTION);
        return value == null ? CLIENT_IP : parse(value);
    }

    static KeySource parse(String rawValue) {
        String value = rawValue.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "ip":
                return CLIENT_IP;
            case "path":
                return PATH;
            case "path+query":
                return PATH_QUERY;
            default:
                break;
        }
        if (lower.startsWith("header:")) {
            String name = value.substring("header:".length()).trim();
            requireToken(value, name, "a header name");
            return new Header(name);
        }
        if (lower.startsWith("cookie:")) {
            String name = value.substring("cookie:".length()).trim();
            requireToken(value, name, "a cookie name");
            return new Cookie(name);
        }
        throw new IllegalArgumentException("option '" + OPTION + "': '" + rawValue + "' is not one of " + VALUES);
    }

    /** RFC 9110 token: what header and cookie names are made of. */
    private static void requireToken(String value, String name, String what) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("option '" + OPTION + "': '" + value + "' lacks " + what);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("option '" + OPTION + "': '" + value + "': '" + name
                        + "' is not a valid " + what.substring(2) + " (character '" + c + "')");
            }
        }
    }

    static long clientAddressHash(RequestView request) {
        String address = request.clientAddress();
        return XxHash64.hash(address == null ? "" : address, 0);
    }

    static final KeySource CLIENT_IP = new KeySource("ip") {
        @Override
        long hash(RequestView request) {
            return clientAddressHash(request);
        }
    };

    static final KeySource PATH = new KeySource("path") {
        @Override
        long hash(RequestView request) {
            return pathHash(request);
        }
    };

    static final KeySource PATH_QUERY = new KeySource("path+query") {
        @Override
        long hash(RequestView request) {
            long path = pathHash(request);
            String query = request.query();
            return query == null ? path : XxHash64.hash(query, path);
        }
    };

    private static long pathHash(RequestView request) {
        String path = request.path();
        return XxHash64.hash(path == null ? "" : path, 0);
    }

    private static final class Header extends KeySource {
        private final String name;

        Header(String name) {
            super("header:" + name);
            this.name = name;
        }

        @Override
        long hash(RequestView request) {
            String value = request.header(name);
            return value == null || value.isEmpty() ? clientAddressHash(request) : XxHash64.hash(value, 0);
        }
    }

    private static final class Cookie extends KeySource {
        static final long ABSENT = -1;
        static final long EMPTY = -2;

        private final String name;

        Cookie(String name) {
            super("cookie:" + name);
            this.name = name;
        }

        @Override
        long hash(RequestView request) {
            List<String> headers = request.headers("Cookie");
            for (int i = 0, n = headers.size(); i < n; i++) {
                String header = headers.get(i);
                if (header != null) {
                    long found = find(header);
                    if (found >= 0) {
                        return XxHash64.hash(header, (int) (found >>> 32), (int) found, 0);
                    }
                    if (found == EMPTY) {
                        break;
                    }
                }
            }
            return clientAddressHash(request);
        }

        /**
         * Finds this cookie's non-empty value in one {@code Cookie} header without copying it.
         *
         * @return {@code start << 32 | end} of the value, {@link #EMPTY} if the cookie is there with
         *         an empty value, or {@link #ABSENT}
         */
        long find(String header) {
            int length = header.length();
            int pair = 0;
            while (pair < length) {
                int semicolon = header.indexOf(';', pair);
                int pairEnd = semicolon < 0 ? length : semicolon;
                int nameStart = skipSpace(header, pair, pairEnd);
                int eq = header.indexOf('=', nameStart);
                if (eq >= 0 && eq < pairEnd) {
                    int nameEnd = trimEnd(header, nameStart, eq);
                    if (nameEnd - nameStart == name.length() && header.startsWith(name, nameStart)) {
                        int valueStart = skipSpace(header, eq + 1, pairEnd);
                        int valueEnd = trimEnd(header, valueStart, pairEnd);
                        if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"'
                                && header.charAt(valueEnd - 1) == '"') {
                            valueStart++;
                            valueEnd--;
                        }
                        if (valueEnd > valueStart) {
                            return (long) valueStart << 32 | valueEnd;
                        }
                        return EMPTY;
                    }
                }
                pair = pairEnd + 1;
            }
            return ABSENT;
        }

        private static int skipSpace(String s, int from, int to) {
            while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
                from++;
            }
            return from;
        }

        private static int trimEnd(String s, int from, int to) {
            while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
                to--;
            }
            return to;
        }
    }
}
