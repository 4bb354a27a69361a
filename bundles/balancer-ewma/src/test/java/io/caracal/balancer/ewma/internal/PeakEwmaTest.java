package io.caracal.balancer.ewma.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

import io.caracal.api.testing.FakeUpstream;
import io.caracal.api.balancer.Balancer;
import io.caracal.api.upstream.Upstream;

import org.junit.jupiter.api.Test;

class PeakEwmaTest {

    private static final long SECOND = 1_000_000_000L;

    /** A clock the test moves. */
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    /** Rolls 0, 1, 2, ... modulo the bound. */
    private static IntUnaryOperator sweep() {
        AtomicInteger next = new AtomicInteger();
        return bound -> next.getAndIncrement() % bound;
    }

    private static IntUnaryOperator seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextInt;
    }

    private PeakEwma balancer(List<? extends Upstream> upstreams, long decayNanos, IntUnaryOperator dice) {
        return new PeakEwma(FakeUpstream.cluster(upstreams), decayNanos, now::get, dice);
    }

    private static Map<String, Integer> counts(Balancer balancer, List<Upstream> candidates, int picks) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick(null, candidates).id(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void prefersTheFastUpstream() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1).millis(10), new FakeUpstream("b", 1).millis(2),
                new FakeUpstream("c", 1).millis(5));
        assertEquals(Map.of("b", 30), counts(balancer(candidates, 10 * SECOND, sweep()), candidates, 30));
    }

    @Test
    void requestsInFlightRaiseTheCost() {
        FakeUpstream fast = new FakeUpstream("fast", 1).millis(2).load(2); // 2 ms * 3 = 6
        FakeUpstream slower = new FakeUpstream("slower", 1).millis(5);     // 5 ms * 1 = 5
        List<Upstream> candidates = List.of(fast, slower);
        PeakEwma balancer = balancer(candidates, 10 * SECOND, sweep());
        assertSame(slower, balancer.pick(null, candidates));
        fast.load(1); // 2 ms * 2 = 4
        assertSame(fast, balancer.pick(null, candidates));
    }

    @Test
    void weightDividesTheCost() {
        FakeUpstream big = new FakeUpstream("big", 2).millis(4);  // 4 ms / 2 = 2
        FakeUpstream small = new FakeUpstream("small", 1).millis(3); // 3 ms / 1 = 3
        List<Upstream> candidates = List.of(big, small);
        assertEquals(Map.of("big", 10), counts(balancer(candidates, 10 * SECOND, sweep()), candidates, 10));
    }

    @Test
    void probesAnUnsampledUpstreamOneRequestAtATime() {
        FakeUpstream measured = new FakeUpstream("measured", 1).millis(1);
        FakeUpstream fresh = new FakeUpstream("fresh", 1);
        List<Upstream> candidates = List.of(measured, fresh);
        PeakEwma balancer = balancer(candidates, 10 * SECOND, sweep());
        assertSame(fresh, balancer.pick(null, candidates), "an idle unsampled upstream goes first");
        fresh.load(1);
        for (int i = 0; i < 5; i++) {
            assertSame(measured, balancer.pick(null, candidates), "no second request before the probe answers");
        }
        fresh.load(0).millis(0.5); // the probe answered fast
        assertSame(fresh, balancer.pick(null, candidates));
    }

    @Test
    void unsampledUpstreamsAreOrderedByRequestsInFlight() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1).load(2), new FakeUpstream("b", 1).load(1),
                new FakeUpstream("c", 1).load(3));
        assertEquals(Map.of("b", 9), counts(balancer(candidates, 10 * SECOND, sweep()), candidates, 9));
    }

    @Test
    void idleUnsampledUpstreamsTakeTurns() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1), new FakeUpstream("b", 1), new FakeUpstream("c", 1));
        assertEquals(Map.of("a", 3, "b", 3, "c", 3), counts(balancer(candidates, 0, sweep()), candidates, 9));
    }

    @Test
    void largeClustersUseTwoRandomChoices() {
        // Five candidates: two random draws, the cheaper wins. The fastest wins the 4 of 10 pairs it
        // is in, the next 3, and so on; the slow one is never the cheaper of its pair.
        List<Upstream> candidates = List.of(new FakeUpstream("f1", 1).millis(1.0), new FakeUpstream("f2", 1).millis(1.1),
                new FakeUpstream("f3", 1).millis(1.2), new FakeUpstream("f4", 1).millis(1.3),
                new FakeUpstream("slow", 1).millis(100));
        Map<String, Integer> counts = counts(balancer(candidates, 10 * SECOND, seeded(5)), candidates, 10_000);
        assertNull(counts.get("slow"), counts.toString());
        assertShare(counts, "f1", 0.4, 0.03);
        assertShare(counts, "f2", 0.3, 0.03);
        assertShare(counts, "f3", 0.2, 0.03);
        assertShare(counts, "f4", 0.1, 0.03);
    }

    @Test
    void anIdleSlowUpstreamIsRetriedOnceItsLatencyFades() {
        FakeUpstream fast = new FakeUpstream("fast", 1).millis(1);
        FakeUpstream slow = new FakeUpstream("slow", 1).millis(100);
        List<Upstream> candidates = List.of(fast, slow);
        PeakEwma balancer = balancer(candidates, 10 * SECOND, sweep());
        int retriedAt = -1;
        for (int second = 0; second < 120 && retriedAt < 0; second++) {
            // fast keeps answering: its average moves a little with every response
            fast.latency.set(1_000_000 + second % 2);
            if (balancer.pick(null, candidates) == slow) {
                retriedAt = second;
            }
            now.addAndGet(SECOND);
        }
        // 100 ms * exp(-t / 10 s) drops below 1 ms after 46 s.
        assertTrue(retriedAt >= 45 && retriedAt <= 48, "retried after " + retriedAt + " s");

        // The retry is under way: the slow upstream's own latency stands again while it is busy ...
        slow.load(1);
        now.addAndGet(5 * SECOND);
        assertSame(fast, balancer.pick(null, candidates));
        // ... and when it answers slowly again, it is avoided again.
        slow.load(0).millis(120);
        for (int second = 0; second < 30; second++) {
            fast.latency.set(1_000_000 + second % 2);
            assertSame(fast, balancer.pick(null, candidates), "second " + second);
            now.addAndGet(SECOND);
        }
    }

    @Test
    void withoutDecayASlowUpstreamIsNotRetriedWhileIdle() {
        FakeUpstream fast = new FakeUpstream("fast", 1).millis(1);
        FakeUpstream slow = new FakeUpstream("slow", 1).millis(100);
        List<Upstream> candidates = List.of(fast, slow);
        PeakEwma balancer = balancer(candidates, 0, sweep());
        for (int second = 0; second < 300; second++) {
            fast.latency.set(1_000_000 + second % 2);
            assertSame(fast, balancer.pick(null, candidates));
            now.addAndGet(SECOND);
        }
    }

    @Test
    void singleCandidate() {
        FakeUpstream only = new FakeUpstream("a", 1).millis(1000).load(10);
        assertSame(only, balancer(List.of(only), SECOND, sweep()).pick(null, List.of(only)));
    }

    @Test
    void options() {
        PeakEwmaStrategy strategy = new PeakEwmaStrategy();
        List<FakeUpstream> upstreams = List.of(new FakeUpstream("a", 1));
        assertTrue(strategy.create(FakeUpstream.cluster(upstreams), Map.of()) instanceof PeakEwma);
        assertTrue(strategy.create(FakeUpstream.cluster(upstreams), Map.of("decay.ms", "0")) instanceof PeakEwma);
        assertTrue(strategy.create(FakeUpstream.cluster(upstreams), Map.of("decay.ms", "30000")) instanceof PeakEwma);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> strategy.create(FakeUpstream.cluster(upstreams), Map.of("alpha", "0.3")));
        assertTrue(unknown.getMessage().contains("'alpha'"), unknown.getMessage());
        for (String bad : List.of("-1", "ten", "3600001", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> strategy.create(FakeUpstream.cluster(upstreams), Map.of("decay.ms", bad)), bad);
            assertTrue(e.getMessage().contains("'decay.ms'"), e.getMessage());
        }
    }

    @Test
    void concurrentPicksAvoidTheSlowUpstream() throws Exception {
        for (int size : new int[] {3, 5}) { // the full scan and the two random choices
            List<FakeUpstream> upstreams = new ArrayList<>();
            for (int i = 1; i < size; i++) {
                upstreams.add(new FakeUpstream("fast-" + i, 1).millis(1));
            }
            upstreams.add(new FakeUpstream("slow", 1).millis(50));
            List<Upstream> candidates = List.copyOf(upstreams);
            Balancer balancer = new PeakEwmaStrategy().create(FakeUpstream.cluster(upstreams), Map.of());
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
            long total = counts.values().stream().mapToLong(AtomicLong::get).sum();
            assertEquals(80_000, total);
            // At most 4 requests in flight: 1 ms * 5 never exceeds 50 ms.
            assertNull(counts.get("slow"), size + " candidates: " + counts);
            assertEquals(size - 1, counts.size(), size + " candidates: " + counts);
        }
    }

    private static void assertShare(Map<String, Integer> counts, String id, double expected, double tolerance) {
        double total = counts.values().stream().mapToInt(Integer::intValue).sum();
        double share = counts.getOrDefault(id, 0) / total;
        assertTrue(Math.abs(share - expected) <= tolerance,
                id + " share " + share + ", expected " + expected + " +/- " + tolerance + ": " + counts);
    }
}
