package io.caracal.balancer.ewma.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/** An upstream whose live counters the test sets. */
final class TestUpstream implements Upstream {

    private final String id;
    private final int weight;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong latency = new AtomicLong();

    TestUpstream(String id, int weight) {
        this.id = id;
        this.weight = weight;
    }

    TestUpstream load(int requests) {
        inFlight.set(requests);
        return this;
    }

    TestUpstream millis(double millis) {
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

    static ClusterView cluster(List<? extends Upstream> upstreams) {
        List<Upstream> copy = List.copyOf(upstreams);
        return new ClusterView() {
            @Override public String name() { return "test"; }
            @Override public List<Upstream> upstreams() { return copy; }
        };
    }
}
