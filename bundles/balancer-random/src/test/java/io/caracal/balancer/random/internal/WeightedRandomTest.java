package io.caracal.balancer.random.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

class WeightedRandomTest {

    private static final List<Upstream> WEIGHTED = List.of(new FakeUpstream("a", 3), new FakeUpstream("b", 2),
            new FakeUpstream("c", 1));

    static Map<String, Integer> counts(Balancer balancer, List<Upstream> candidates, int picks) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick(null, candidates).id(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void everyRollMapsToTheWeightRangeOfOneCandidate() {
        // Rolls 0..5 over weights 3,2,1: three for a, two for b, one for c, in order.
        WeightedRandom balancer = new WeightedRandom(Dices.sweep());
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            picks.append(balancer.pick(null, WEIGHTED).id());
        }
        assertEquals("aaabbcaaabbc", picks.toString());
    }

    @Test
    void equalWeightsUseEveryCandidate() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 2), new FakeUpstream("b", 2), new FakeUpstream("c", 2));
        assertEquals(Map.of("a", 100, "b", 100, "c", 100), counts(new WeightedRandom(Dices.sweep()), candidates, 300));
    }

    @Test
    void sharesFollowWeights() {
        Map<String, Integer> counts = counts(new WeightedRandom(Dices.seeded(42)), WEIGHTED, 60_000);
        assertShare(counts, "a", 0.5, 0.02);
        assertShare(counts, "b", 1 / 3.0, 0.02);
        assertShare(counts, "c", 1 / 6.0, 0.02);
    }

    @Test
    void picksOnlyAmongTheCandidates() {
        List<Upstream> healthy = List.of(WEIGHTED.get(1), WEIGHTED.get(2)); // a is down
        Map<String, Integer> counts = counts(new WeightedRandom(Dices.sweep()), healthy, 300);
        assertEquals(Map.of("b", 200, "c", 100), counts);
    }

    @Test
    void singleCandidate() {
        Upstream only = WEIGHTED.get(0);
        assertSame(only, new WeightedRandom(bound -> { throw new AssertionError("no roll needed"); })
                .pick(null, List.of(only)));
    }

    @Test
    void rejectsUnknownOptionsByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomStrategy().create(FakeUpstream.cluster(WEIGHTED), Map.of("seed", "1")));
        assertTrue(e.getMessage().contains("'seed'"), e.getMessage());
        assertTrue(new RandomStrategy().create(FakeUpstream.cluster(WEIGHTED), Map.of()) instanceof WeightedRandom);
    }

    @Test
    void concurrentPicksWithThreadLocalRandom() throws Exception {
        Balancer balancer = new RandomStrategy().create(FakeUpstream.cluster(WEIGHTED), Map.of());
        Map<String, Integer> counts = concurrentCounts(balancer, WEIGHTED, 4, 20_000);
        // 80,000 draws: a standard deviation of about 0.2 % per share.
        assertShare(counts, "a", 0.5, 0.03);
        assertShare(counts, "b", 1 / 3.0, 0.03);
        assertShare(counts, "c", 1 / 6.0, 0.03);
    }

    /** Picks from several threads at once, holding each pick as an in-flight request meanwhile. */
    static Map<String, Integer> concurrentCounts(Balancer balancer, List<Upstream> candidates, int threads, int picks)
            throws Exception {
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < picks; i++) {
                        Upstream picked = balancer.pick(null, candidates);
                        assertTrue(candidates.contains(picked), "picked " + picked);
                        FakeUpstream upstream = (FakeUpstream) picked;
                        upstream.inFlight.incrementAndGet();
                        counts.computeIfAbsent(picked.id(), k -> new AtomicLong()).incrementAndGet();
                        upstream.inFlight.decrementAndGet();
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
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((id, count) -> out.put(id, (int) count.get()));
        assertEquals((long) threads * picks, out.values().stream().mapToLong(Integer::longValue).sum());
        for (Upstream candidate : candidates) {
            assertEquals(0, candidate.inFlight(), candidate.id());
        }
        return out;
    }

    static void assertShare(Map<String, Integer> counts, String id, double expected, double tolerance) {
        double total = counts.values().stream().mapToInt(Integer::intValue).sum();
        double share = counts.getOrDefault(id, 0) / total;
        assertTrue(Math.abs(share - expected) <= tolerance,
                id + " share " + share + ", expected " + expected + " +/- " + tolerance + ": " + counts);
    }
}
