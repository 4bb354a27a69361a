package io.caracal.ratelimit.internal;

import java.time.Duration;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * The token buckets of one filter, one per key, in a bounded Caffeine cache. A bucket idle for as
 * long as it takes to refill completely is full again, so it expires then: recreating it full
 * later changes nothing. Only the size bound ({@code max.keys}) can drop a bucket that is not full.
 */
final class BucketTable {

    private final Limits limits;
    private final Bandwidth bandwidth;
    private final TimeMeter timeMeter;
    private final Cache<Object, Bucket> buckets;
    // Kept in a field so a lookup allocates no lambda.
    private final Function<Object, Bucket> newBucket = key -> newBucket();

    BucketTable(Limits limits, long maxKeys, NanoClock clock) {
        this.limits = limits;
        this.bandwidth = limits.bandwidth();
        this.timeMeter = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofNanos(limits.fullRefillNanos()))
                .ticker(clock::nanos)
                .build();
    }

    Limits limits() {
        return limits;
    }

    /** The bucket of {@code key}, created full on first use; creation is atomic per key. */
    Bucket bucket(Object key) {
        return buckets.get(key, newBucket);
    }

    /** Keys held now (after {@link #cleanUp()}, exact enough for tests and the console). */
    long size() {
        return buckets.estimatedSize();
    }

    /** Runs pending evictions now instead of on a later access. */
    void cleanUp() {
        buckets.cleanUp();
    }

    private Bucket newBucket() {
        // Lock-free (CAS) is bucket4j's default synchronization for local buckets.
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(timeMeter).build();
    }

    /** Bucket4j's view of the clock; not wall-clock based, which only aligned refills would need. */
    private record ClockTimeMeter(NanoClock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return clock.nanos();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
