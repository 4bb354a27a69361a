package io.caracal.ratelimit.internal;

import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.ConfigReader;

/**
 * One rate limit filter's configuration ({@code io.caracal.filter.ratelimit-<name>.cfg}), checked.
 *
 * @param source the file or PID it came from, for messages
 */
record RateLimitSettings(String source, String name, Limits limits, RequestKey key, int maxKeys, boolean headers) {

    static final int DEFAULT_PERIOD_SECONDS = 1;
    static final int DEFAULT_MAX_KEYS = 100_000;
    static final String DEFAULT_KEY = "ip";
    // Bounds that keep bucket4j's arithmetic (at most one token per nanosecond) and ours in range.
    static final int MAX_REQUESTS = 1_000_000_000;
    static final int MAX_PERIOD_SECONDS = 86_400;
    static final int MAX_BURST = 1_000_000_000;

    /** @throws ConfigException naming the source and key of the first bad value */
    static RateLimitSettings parse(Map<String, ?> properties) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        if (name.indexOf(',') >= 0 || name.chars().anyMatch(Character::isWhitespace)) {
            throw config.error("name", "'" + name + "' must not contain commas or spaces (routes list filters by name)");
        }
        if (config.string("requests", null) == null) {
            throw config.error("requests", "is required");
        }
        int requests = config.intValue("requests", 0, 1, MAX_REQUESTS);
        int period = config.intValue("period.s", DEFAULT_PERIOD_SECONDS, 1, MAX_PERIOD_SECONDS);
        int burst = config.intValue("burst", requests, 1, MAX_BURST);
        RequestKey key;
        try {
            key = RequestKey.parse(config.string("key", DEFAULT_KEY));
        } catch (IllegalArgumentException e) {
            throw config.error("key", e.getMessage());
        }
        int maxKeys = config.intValue("max.keys", DEFAULT_MAX_KEYS, 1, Integer.MAX_VALUE);
        boolean headers = config.booleanValue("headers", true);
        return new RateLimitSettings(config.source(), name, new Limits(requests, period, burst), key, maxKeys, headers);
    }

    /** Whether buckets built for {@code other} are the same as this configuration's, so they can be kept. */
    boolean sameBuckets(RateLimitSettings other) {
        return other != null && limits.equals(other.limits) && key.equals(other.key) && maxKeys == other.maxKeys;
    }
}
