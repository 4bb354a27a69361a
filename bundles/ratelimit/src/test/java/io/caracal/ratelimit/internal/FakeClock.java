package io.caracal.ratelimit.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. */
final class FakeClock implements NanoClock {

    // Not zero: real nanoTime values are arbitrary, so the code must not rely on a zero start.
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanos() {
        return now.get();
    }

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
