package io.caracal.listener.http.internal;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: holds up to {@code burst} tokens, refills at {@code rate} per second, and each
 * request takes one. One per connection; HTTP/2 streams of a connection share it, hence the lock
 * (uncontended for HTTP/1, where requests on a connection come one after another).
 */
final class TokenBucket {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        this.tokensPerNano = ratePerSecond / (double) SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /**
     * Takes a token if there is one.
     *
     * @return 0 when a token was taken, otherwise the nanoseconds until one will be there
     */
    synchronized long tryTake(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            refilledAt = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
    }
}
