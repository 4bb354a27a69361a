package io.caracal.ratelimit.internal;

/** A monotonic nanosecond clock; tests drive their own, so refill and expiry need no sleeping. */
@FunctionalInterface
interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanos();
}
