package io.caracal.cache.disk.internal;

/** Lets a repeated warning through at most once per interval, so a full disk cannot flood the log. */
final class Throttle {

    private final long intervalNanos;
    private long nextNanos;
    private boolean started;

    Throttle(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    synchronized boolean allow() {
        long now = System.nanoTime();
        if (started && now - nextNanos < 0) {
            return false;
        }
        started = true;
        nextNanos = now + intervalNanos;
        return true;
    }
}
