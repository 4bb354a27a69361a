package io.caracal.core.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.caracal.api.config.ConfigReader;

/**
 * A route's cache settings, from the route keys {@code cache} and {@code cache.*}.
 *
 * @param store the name of the cache store service ({@code caracal.cache.store}) to keep responses in
 * @param keyParts request parts that go into the cache key besides the URL (which always has its query)
 * @param maxObjectBytes larger responses are passed through but not stored
 * @param heuristicMaxSeconds the cap on heuristic freshness (RFC 9111 section 4.2.2)
 * @param coalesce whether concurrent misses for one key send a single request upstream
 */
public record CacheSpec(String store, List<KeyPart> keyParts, long maxObjectBytes, long heuristicMaxSeconds,
        boolean coalesce) {

    public static final long DEFAULT_MAX_OBJECT_BYTES = 8L * 1024 * 1024;
    public static final long DEFAULT_HEURISTIC_MAX_SECONDS = 86_400;
    /** A stored body is one ByteBuffer. */
    private static final long MAX_OBJECT_BYTES = Integer.MAX_VALUE - 64;

    public CacheSpec {
        keyParts = List.copyOf(keyParts);
    }

    /** One extra part of the cache key: a request header or a cookie, by name. */
    public record KeyPart(boolean cookie, String name) {

        @Override
        public String toString() {
            return (cookie ? "cookie:" : "header:") + name;
        }
    }

    /** The route's cache settings, or {@code null} when {@code cache} is empty (the route does not cache). */
    static CacheSpec parse(ConfigReader config) {
        String store = config.string("cache", null);
        if (store == null) {
            return null;
        }
        List<KeyPart> parts = new ArrayList<>();
        for (String part : config.strings("cache.key")) {
            String lower = part.toLowerCase(Locale.ROOT);
            KeyPart keyPart;
            if (lower.equals("query")) {
                continue; // the query is always part of the URL, hence of the key
            } else if (lower.startsWith("header:") && isToken(part.substring(7).trim())) {
                // Header names are case-insensitive: keep one spelling.
                keyPart = new KeyPart(false, part.substring(7).trim().toLowerCase(Locale.ROOT));
            } else if (lower.startsWith("cookie:") && isToken(part.substring(7).trim())) {
                keyPart = new KeyPart(true, part.substring(7).trim()); // cookie names are case-sensitive
            } else {
                throw config.error("cache.key", "'" + part + "' must be 'header:<Name>', 'cookie:<name>' or 'query'");
            }
            if (parts.contains(keyPart)) {
                throw config.error("cache.key", "lists '" + part + "' twice");
            }
            parts.add(keyPart);
        }
        long maxObjectBytes = config.longValue("cache.max.object.bytes", DEFAULT_MAX_OBJECT_BYTES, 0, MAX_OBJECT_BYTES);
        long heuristicMax = config.longValue("cache.heuristic.max.s", DEFAULT_HEURISTIC_MAX_SECONDS, 0, Integer.MAX_VALUE);
        boolean coalesce = config.booleanValue("cache.coalesce", true);
        return new CacheSpec(store, parts, maxObjectBytes, heuristicMax, coalesce);
    }

    private static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }
}
