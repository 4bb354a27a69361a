package io.caracal.ratelimit.internal;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

import io.github.bucket4j.ConsumptionProbe;

/**
 * Takes one token from the bucket of the request's key; without a token the request gets 429.
 * Immutable: a new configuration builds a new filter, which may share the old one's buckets.
 */
final class RateLimitFilter implements RequestFilter {

    static final int TOO_MANY_REQUESTS = 429;
    static final String REASON = "rate limit exceeded";

    private final RequestKey key;
    private final BucketTable buckets;
    private final RateLimitHeaders headers;
    private final boolean headersWhenAllowed;

    RateLimitFilter(RequestKey key, BucketTable buckets, boolean headersWhenAllowed) {
        this.key = key;
        this.buckets = buckets;
        this.headers = new RateLimitHeaders(buckets.limits());
        this.headersWhenAllowed = headersWhenAllowed;
    }

    @Override
    public FilterDecision apply(FilterContext context) {
        Object bucketKey = key.of(context);
        if (bucketKey == null) {
            return FilterDecision.proceed(); // no key value: not limited (documented)
        }
        ConsumptionProbe probe = buckets.bucket(bucketKey).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            if (headersWhenAllowed) {
                headers.addTo(context, probe);
            }
            return FilterDecision.proceed();
        }
        return FilterDecision.reject(TOO_MANY_REQUESTS, REASON, headers.rejection(probe));
    }

    @Override
    public String toString() {
        Limits limits = buckets.limits();
        return "ratelimit " + limits.requests() + "/" + limits.periodSeconds() + "s burst " + limits.burst() + " by " + key;
    }
}
