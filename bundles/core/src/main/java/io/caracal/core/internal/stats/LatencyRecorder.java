package io.caracal.core.internal.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.caracal.api.admin.LatencyHistogram;

/**
 * A latency histogram with fixed Prometheus-style buckets. Recording is lock-free and allocates
 * nothing; a bucket counts the observations above the previous bound and at or below its own, so
 * that the cumulative counts can be summed up when a snapshot is taken.
 */
public final class LatencyRecorder {

    /** Upper bounds in seconds: the Prometheus client's defaults. */
    private static final double[] BOUNDS_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];
    private static final List<Double> BOUNDS;

    static {
        List<Double> bounds = new ArrayList<>(BOUNDS_SECONDS.length);
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
            bounds.add(BOUNDS_SECONDS[i]);
        }
        BOUNDS = List.copyOf(bounds);
    }

    /** One per bound, plus one for what lies above the last (+Inf). */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    /** Kept in nanoseconds: exact, and a long add is cheaper than a double one. */
    private final LongAdder sumNanos = new LongAdder();

    public LatencyRecorder() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int bucket = 0;
        while (bucket < BOUNDS_NANOS.length && value > BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        sumNanos.add(value);
    }

    /** The observations so far; the count is the +Inf bucket. */
    public LatencyHistogram snapshot() {
        List<Long> cumulative = new ArrayList<>(buckets.length);
        long running = 0;
        for (LongAdder bucket : buckets) {
            running += bucket.sum();
            cumulative.add(running);
        }
        return new LatencyHistogram(BOUNDS, cumulative, sumNanos.sum() / 1e9, running);
    }
}
