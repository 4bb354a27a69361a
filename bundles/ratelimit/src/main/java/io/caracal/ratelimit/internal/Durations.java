package io.caracal.ratelimit.internal;

/** Conversions of nanosecond waits to the whole seconds HTTP headers carry. */
final class Durations {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Durations() {
    }

    /** Whole seconds, rounded up: a client that waits that long is never early. */
    static long ceilSeconds(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return (nanos - 1) / NANOS_PER_SECOND + 1;
    }
}
