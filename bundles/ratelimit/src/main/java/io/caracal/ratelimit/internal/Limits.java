package io.caracal.ratelimit.internal;

import java.math.BigInteger;
import java.time.Duration;

import io.github.bucket4j.Bandwidth;

/**
 * The shape of every bucket of one filter: {@code requests} tokens added per {@code periodSeconds},
 * smoothly (one token every {@code period / requests}), into a bucket holding {@code burst} at most.
 */
record Limits(int requests, int periodSeconds, int burst) {

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    Limits {
        if (requests < 1 || periodSeconds < 1 || burst < 1) {
            throw new IllegalArgumentException("limits must be positive: " + requests + "/" + periodSeconds + "s, burst " + burst);
        }
    }

    /** The bucket4j bandwidth: greedy refill, so tokens trickle in rather than arriving once a period. */
    Bandwidth bandwidth() {
        return Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(requests, Duration.ofSeconds(periodSeconds))
                .build();
    }

    /** How long an empty bucket takes to fill up completely, rounded up; saturates at Long.MAX_VALUE. */
    long fullRefillNanos() {
        BigInteger[] quotient = BigInteger.valueOf(burst).multiply(BigInteger.valueOf(periodSeconds))
                .multiply(NANOS_PER_SECOND).divideAndRemainder(BigInteger.valueOf(requests));
        BigInteger nanos = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
        return nanos.min(LONG_MAX).longValueExact();
    }

    /**
     * The window of the advertised policy ({@code burst;w=window}): the time to refill a whole burst,
     * in whole seconds rounded up, so burst / window never promises more than the configured rate.
     */
    long windowSeconds() {
        return Math.max(1, Durations.ceilSeconds(fullRefillNanos()));
    }
}
