package io.caracal.balancer.leastconn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.testing.FakeUpstream;
import io.caracal.api.balancer.Balancer;
import io.caracal.api.upstream.Upstream;

import org.junit.jupiter.api.Test;

class LeastConnectionsTest {

    private final LeastConnections balancer = new LeastConnections();

    private String sequence(List<Upstream> candidates, int picks) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < picks; i++) {
            out.append(balancer.pick(null, candidates).id());
        }
        return out.toString();
    }

    @Test
    void picksTheLeastLoaded() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1).load(3), new FakeUpstream("b", 1).load(1),
                new FakeUpstream("c", 1).load(2));
        assertEquals("bbbbbbbb", sequence(candidates, 8));
    }

    @Test
    void comparesLoadPerWeight() {
        FakeUpstream heavy = new FakeUpstream("a", 3);
        FakeUpstream light = new FakeUpstream("b", 1).load(1);
        List<Upstream> candidates = List.of(heavy, light);
        heavy.load(2); // 2/3 < 1/1
        assertSame(heavy, balancer.pick(null, candidates));
        heavy.load(4); // 4/3 > 1/1
        assertSame(light, balancer.pick(null, candidates));
    }

    @Test
    void idleCandidatesTakeTurns() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1), new FakeUpstream("b", 1), new FakeUpstream("c", 1));
        assertEquals("abcabcabc", sequence(candidates, 9));
    }

    @Test
    void tiesRotateByWeight() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 3), new FakeUpstream("b", 1));
        assertEquals("aaabaaabaaab", sequence(candidates, 12));
    }

    @Test
    void tiesRotateOnlyAmongTheLeastLoaded() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1).load(1), new FakeUpstream("b", 1),
                new FakeUpstream("c", 1));
        assertEquals("bcbcbc", sequence(candidates, 6));
    }

    @Test
    void heldRequestsSpreadByWeight() {
        // Nothing completes: every pick adds a request in flight, so the loads must follow the weights.
        List<FakeUpstream> upstreams = List.of(new FakeUpstream("a", 3), new FakeUpstream("b", 2), new FakeUpstream("c", 1));
        List<Upstream> candidates = List.copyOf(upstreams);
        for (int i = 0; i < 600; i++) {
            ((FakeUpstream) balancer.pick(null, candidates)).inFlight.incrementAndGet();
        }
        assertEquals(300, upstreams.get(0).inFlight());
        assertEquals(200, upstreams.get(1).inFlight());
        assertEquals(100, upstreams.get(2).inFlight());
    }

    @Test
    void aBusyUpstreamGetsLittleOfTheTraffic() {
        // c keeps 5 requests in flight for the whole run; a and b complete theirs at once.
        FakeUpstream c = new FakeUpstream("c", 1).load(5);
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1), new FakeUpstream("b", 1), c);
        String picks = sequence(candidates, 100);
        assertEquals(-1, picks.indexOf('c'), picks);
        assertEquals(50, picks.chars().filter(ch -> ch == 'a').count(), picks);
    }

    @Test
    void singleCandidate() {
        FakeUpstream only = new FakeUpstream("a", 1).load(100);
        assertSame(only, balancer.pick(null, List.of(only)));
    }

    @Test
    void rejectsUnknownOptionsByName() {
        LeastConnectionsStrategy strategy = new LeastConnectionsStrategy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> strategy.create(FakeUpstream.cluster(List.of()), Map.of("bias", "1")));
        assertTrue(e.getMessage().contains("'bias'"), e.getMessage());
        Balancer created = strategy.create(FakeUpstream.cluster(List.of()), Map.of());
        assertTrue(created instanceof LeastConnections);
    }

    @Test
    void concurrentPicksStayValid() throws Exception {
        List<FakeUpstream> upstreams = List.of(new FakeUpstream("a", 1), new FakeUpstream("b", 2), new FakeUpstream("c", 1));
        List<Upstream> candidates = List.copyOf(upstreams);
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        FakeUpstream picked = (FakeUpstream) balancer.pick(null, candidates);
                        assertTrue(upstreams.contains(picked));
                        picked.inFlight.incrementAndGet();
                        counts.computeIfAbsent(picked.id(), k -> new AtomicLong()).incrementAndGet();
                        picked.inFlight.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(80_000, counts.values().stream().mapToLong(AtomicLong::get).sum());
        assertEquals(3, counts.size(), counts.toString());
        for (FakeUpstream upstream : upstreams) {
            assertEquals(0, upstream.inFlight(), upstream.id());
        }
    }
}
