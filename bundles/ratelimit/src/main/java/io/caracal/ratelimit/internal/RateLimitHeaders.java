package io.caracal.ratelimit.internal;

import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterContext;

import io.github.bucket4j.ConsumptionProbe;

/**
 * The response headers of one filter, after draft-ietf-httpapi-ratelimit-headers (the -06 fields
 * RateLimit-Limit, -Remaining, -Reset and -Policy): Limit is the burst (the bucket's capacity),
 * Remaining the tokens left, Reset the whole seconds until the bucket is full again, that is until
 * Remaining is back at Limit; Policy is {@code <burst>;w=<seconds to refill a whole burst>}. On a
 * 429, Retry-After is the whole seconds until the next token, at least 1.
 */
final class RateLimitHeaders {

    static final String RETRY_AFTER = "Retry-After";
    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    static final String POLICY = "RateLimit-Policy";

    // Small numbers are the common values of Remaining, Reset and Retry-After: format them once.
    private static final String[] SMALL_NUMBERS = new String[1024];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = Integer.toString(i);
        }
    }

    private final Map.Entry<String, String> limit;
    private final Map.Entry<String, String> noneRemaining;
    private final Map.Entry<String, String> policy;

    RateLimitHeaders(Limits limits) {
        this.limit = Map.entry(LIMIT, text(limits.burst()));
        this.noneRemaining = Map.entry(REMAINING, "0");
        this.policy = Map.entry(POLICY, limits.burst() + ";w=" + limits.windowSeconds());
    }

    /** Adds Limit, Remaining and Reset to the response of an admitted request. */
    void addTo(FilterContext context, ConsumptionProbe probe) {
        context.addResponseHeader(limit.getKey(), limit.getValue());
        context.addResponseHeader(REMAINING, text(Math.max(0, probe.getRemainingTokens())));
        context.addResponseHeader(RESET, text(Durations.ceilSeconds(probe.getNanosToWaitForReset())));
    }

    /** The headers of a 429. */
    List<Map.Entry<String, String>> rejection(ConsumptionProbe probe) {
        long retryAfter = Math.max(1, Durations.ceilSeconds(probe.getNanosToWaitForRefill()));
        long reset = Math.max(retryAfter, Durations.ceilSeconds(probe.getNanosToWaitForReset()));
        return List.of(Map.entry(RETRY_AFTER, text(retryAfter)), limit, noneRemaining,
                Map.entry(RESET, text(reset)), policy);
    }

    static String text(long value) {
        return value >= 0 && value < SMALL_NUMBERS.length ? SMALL_NUMBERS[(int) value] : Long.toString(value);
    }
}
