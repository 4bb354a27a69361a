package io.caracal.api.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/**
 * An upstream whose live state a strategy test sets by hand. Shipped in the api's test-jar so
 * every strategy bundle tests against the same fixture.
 */
public final class FakeUpstream implements Upstream {

    private final String id;
    private final int weight;
    /** Requests in flight, as the test wants the strategy to see them. */
    public final AtomicInteger inFlight = new AtomicInteger();
    /** The latency average, as the test wants the strategy to see it. */
    public final AtomicLong latency = new AtomicLong();

    public FakeUpstream(String id, int weight) {
        this.id = id;
        this.weight = weight;
    }

    /** Sets the requests in flight. */
    public FakeUpstream load(int requests) {
        inFlight.set(requests);
        return this;
    }

    /** Sets the latency average in milliseconds. */
    public FakeUpstream millis(double millis) {
        latency.set((long) (millis * 1_000_000));
        return this;
    }

    @Override public String id() { return id; }
    @Override public String scheme() { return "http"; }
    @Override public String host() { return "127.0.0.1"; }
    @Override public int port() { return 1; }
    @Override public int weight() { return weight; }
    @Override public int inFlight() { return inFlight.get(); }
    @Override public long latencyEwmaNanos() { return latency.get(); }
    @Override public boolean healthy() { return true; }

    @Override
    public String toString() {
        return id;
    }

    /** A cluster named {@code test} of these upstreams. */
    public static ClusterView cluster(List<? extends Upstream> upstreams) {
        List<Upstream> copy = List.copyOf(upstreams);
        return new ClusterView() {
            @Override public String name() { return "test"; }
            @Override public List<Upstream> upstreams() { return copy; }
        };
    }
}
