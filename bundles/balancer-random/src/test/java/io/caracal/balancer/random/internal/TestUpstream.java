package io.caracal.balancer.random.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/** An upstream whose live counters the test sets. */
final class TestUpstream implements Upstream {

    private final String id;
    private final int weight;
    final AtomicInteger inFlight = new AtomicInteger();

    TestUpstream(String id, int weight) {
        this.id = id;
        this.weight = weight;
    }

    TestUpstream load(int requests) {
        inFlight.set(requests);
        return this;
    }

    @Override public String id() { return id; }
    @Override public String scheme() { return "http"; }
    @Override public String host() { return "127.0.0.1"; }
    @Override public int port() { return 1; }
    @Override public int weight() { return weight; }
    @Override public int inFlight() { return inFlight.get(); }
    @Override public long latencyEwmaNanos() { return 0; }
    @Override public boolean healthy() { return true; }

    @Override
    public String toString() {
        return id;
    }

    static ClusterView cluster(List<Upstream> upstreams) {
        return new ClusterView() {
            @Override public String name() { return "test"; }
            @Override public List<Upstream> upstreams() { return upstreams; }
        };
    }
}
