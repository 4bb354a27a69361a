package io.caracal.core.internal.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.upstream.Upstream;

/**
 * The live state of one upstream. Instances outlive configuration snapshots (the core reuses the
 * state of an upstream that stays in its cluster), so counters survive a reload.
 */
public final class UpstreamState implements Upstream {

    /** Weight of the newest sample in the latency average. */
    private static final double EWMA_ALPHA = 0.2;

    private final String scheme;
    private final String host;
    private final int port;
    private final String id;
    private volatile int weight;
    private volatile boolean healthy = true;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong latencyEwma = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public UpstreamState(String scheme, String host, int port, int weight) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.id = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.weight = weight;
    }

    @Override public String id() { return id; }
    @Override public String scheme() { return scheme; }
    @Override public String host() { return host; }
    @Override public int port() { return port; }
    @Override public int weight() { return weight; }
    @Override public int inFlight() { return inFlight.get(); }
    @Override public long latencyEwmaNanos() { return latencyEwma.get(); }
    @Override public boolean healthy() { return healthy; }

    public void setWeight(int weight) {
        this.weight = weight;
    }

    public void setHealthy(boolean healthy) {
        this.healthy = healthy;
    }

    public long requests() {
        return requests.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Called when a request is sent to this upstream. */
    public void requestStarted() {
        inFlight.incrementAndGet();
        requests.incrementAndGet();
    }

    /** Called once the response headers arrived, with the time since the request was sent. */
    public void responseStarted(long latencyNanos) {
        long previous;
        long next;
        do {
            previous = latencyEwma.get();
            next = previous == 0 ? latencyNanos : (long) (previous + EWMA_ALPHA * (latencyNanos - previous));
        } while (!latencyEwma.compareAndSet(previous, next));
    }

    /** Called exactly once per {@link #requestStarted()}, when the exchange ends. */
    public void requestFinished(boolean failed) {
        inFlight.decrementAndGet();
        if (failed) {
            failures.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        return scheme + "://" + id;
    }
}
