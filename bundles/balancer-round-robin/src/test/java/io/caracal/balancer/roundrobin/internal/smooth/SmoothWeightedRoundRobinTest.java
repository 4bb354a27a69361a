package io.caracal.balancer.roundrobin.internal.smooth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;
import io.caracal.balancer.roundrobin.internal.RoundRobinStrategy;

import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    record TestUpstream(String id, int weight) implements Upstream {
        public String scheme() { return "http"; }
        public String host() { return "127.0.0.1"; }
        public int port() { return 1; }
        public int inFlight() { return 0; }
        public long latencyEwmaNanos() { return 0; }
        public boolean healthy() { return true; }
    }

    private static ClusterView cluster(List<Upstream> upstreams) {
        return new ClusterView() {
            public String name() { return "test"; }
            public List<Upstream> upstreams() { return upstreams; }
        };
    }

    private static String sequence(SmoothWeightedRoundRobin balancer, List<Upstream> candidates, int picks) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < picks; i++) {
            out.append(balancer.pick(null, candidates).id());
        }
        return out.toString();
    }

    @Test
    void interleavesWeightsLikeNginx() {
        List<Upstream> upstreams = List.of(new TestUpstream("a", 5), new TestUpstream("b", 1), new TestUpstream("c", 1));
        SmoothWeightedRoundRobin balancer = new SmoothWeightedRoundRobin(cluster(upstreams));
        assertEquals("aabacaa" + "aabacaa", sequence(balancer, upstreams, 14));
    }

    @Test
    void equalWeightsAlternate() {
        List<Upstream> upstreams = List.of(new TestUpstream("a", 1), new TestUpstream("b", 1));
        SmoothWeightedRoundRobin balancer = new SmoothWeightedRoundRobin(cluster(upstreams));
        assertEquals("abababab", sequence(balancer, upstreams, 8));
    }

    @Test
    void sharesFollowWeightsOverTheHealthySubset() {
        List<Upstream> upstreams = List.of(new TestUpstream("a", 3), new TestUpstream("b", 2), new TestUpstream("c", 1));
        SmoothWeightedRoundRobin balancer = new SmoothWeightedRoundRobin(cluster(upstreams));
        List<Upstream> healthy = new ArrayList<>(upstreams.subList(0, 2)); // c is down
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            counts.merge(balancer.pick(null, healthy).id(), 1, Integer::sum);
        }
        assertEquals(300, counts.get("a"));
        assertEquals(200, counts.get("b"));
        assertEquals(null, counts.get("c"));
    }

    @Test
    void rejectsOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> new RoundRobinStrategy().create(cluster(List.of()), Map.of("x", "1")));
    }
}
