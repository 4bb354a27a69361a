package io.caracal.balancer.hash.internal;

import static io.caracal.balancer.hash.internal.Fixtures.cluster;
import static io.caracal.balancer.hash.internal.Fixtures.request;
import static io.caracal.balancer.hash.internal.Fixtures.upstreams;
import static io.caracal.balancer.hash.internal.Fixtures.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.upstream.Upstream;
import io.caracal.balancer.hash.internal.Fixtures.TestUpstream;

import org.junit.jupiter.api.Test;

class HashRingTest {

    private static final int KEYS = 10_000;

    /** Which upstream id each of the synthetic keys 0 … KEYS-1 goes to. */
    private static String[] owners(HashRing ring, List<Upstream> candidates) {
        String[] owners = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            owners[i] = ring.pick(keyHash(i), candidates).id();
        }
        return owners;
    }

    private static long keyHash(int key) {
        return XxHash64.hash("user-" + key, 0);
    }

    private static HashRing ring(List<Upstream> upstreams) {
        return HashRing.build(upstreams, KeySource.CLIENT_IP);
    }

    private static Map<String, Integer> counts(String[] owners) {
        Map<String, Integer> counts = new HashMap<>();
        for (String owner : owners) {
            counts.merge(owner, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void sameKeyGoesToTheSameUpstreamAcrossPicksRebuildsAndConfigurationOrder() {
        List<Upstream> upstreams = upstreams(5);
        Balancer balancer = new ConsistentHashStrategy().create(cluster(upstreams), Map.of("key", "header:X-User"));
        List<Upstream> shuffled = new ArrayList<>(upstreams);
        Collections.shuffle(shuffled, new Random(7));
        Balancer rebuilt = new ConsistentHashStrategy().create(cluster(List.copyOf(shuffled)),
                Map.of("key", "header:X-User"));
        for (int user = 0; user < 500; user++) {
            Upstream first = balancer.pick(request("192.0.2." + (user % 200)).header("X-User", "u" + user), upstreams);
            for (int repeat = 0; repeat < 3; repeat++) {
                String from = "198.51.100." + repeat; // another client address: the header decides
                assertSame(first, balancer.pick(request(from).header("X-User", "u" + user), upstreams), "user " + user);
            }
            assertSame(first, rebuilt.pick(request("203.0.113.9").header("X-User", "u" + user), upstreams),
                    "a rebuilt ring with the upstreams in another order, user " + user);
        }
    }

    @Test
    void keysSpreadEvenlyOverEqualWeights() {
        List<Upstream> upstreams = upstreams(5);
        HashRing ring = ring(upstreams);
        assertEquals(Map.of("10.0.0.1:8080", 160, "10.0.0.2:8080", 160, "10.0.0.3:8080", 160,
                "10.0.0.4:8080", 160, "10.0.0.5:8080", 160), ring.pointCounts());
        Map<String, Integer> counts = counts(owners(ring, upstreams));
        for (Upstream upstream : upstreams) {
            double share = counts.getOrDefault(upstream.id(), 0) / (double) KEYS;
            assertTrue(share > 0.14 && share < 0.26, upstream.id() + " got " + share + " of the keys: " + counts);
        }
    }

    @Test
    void keysSpreadByWeight() {
        List<Upstream> upstreams = List.of(new TestUpstream("10.0.0.1:8080", 1), new TestUpstream("10.0.0.2:8080", 2),
                new TestUpstream("10.0.0.3:8080", 3), new TestUpstream("10.0.0.4:8080", 4));
        HashRing ring = ring(upstreams);
        assertEquals(Map.of("10.0.0.1:8080", 160, "10.0.0.2:8080", 320, "10.0.0.3:8080", 480, "10.0.0.4:8080", 640),
                ring.pointCounts());
        Map<String, Integer> counts = counts(owners(ring, upstreams));
        for (Upstream upstream : upstreams) {
            double expected = upstream.weight() / 10.0;
            double share = counts.getOrDefault(upstream.id(), 0) / (double) KEYS;
            assertTrue(Math.abs(share - expected) < expected * 0.3,
                    upstream.id() + " (weight " + upstream.weight() + ") got " + share + " of the keys: " + counts);
        }
    }

    @Test
    void removingOneOfFiveUpstreamsMovesOnlyItsKeys() {
        List<Upstream> five = upstreams(5);
        Upstream removed = five.get(2);
        String[] before = owners(ring(five), five);
        List<Upstream> four = without(five, removed);
        String[] after = owners(ring(four), four);

        int moved = 0;
        Map<String, Integer> movedTo = new HashMap<>();
        for (int key = 0; key < KEYS; key++) {
            if (before[key].equals(removed.id())) {
                moved++;
                movedTo.merge(after[key], 1, Integer::sum);
            } else {
                assertEquals(before[key], after[key], "key " + key + " was not on the removed upstream");
            }
        }
        double share = moved / (double) KEYS;
        assertTrue(share > 0.14 && share < 0.26, "moved share " + share);
        // ... and they spread over the remaining four rather than piling onto one neighbour.
        assertEquals(4, movedTo.size(), "moved keys went to " + movedTo);
        for (int count : movedTo.values()) {
            assertTrue(count > moved / 10, "moved keys went to " + movedTo);
        }
    }

    @Test
    void addingAnUpstreamOnlyTakesKeysForItself() {
        List<Upstream> four = upstreams(4);
        List<Upstream> five = upstreams(5);
        String[] before = owners(ring(four), four);
        String[] after = owners(ring(five), five);
        int taken = 0;
        for (int key = 0; key < KEYS; key++) {
            if (!before[key].equals(after[key])) {
                assertEquals("10.0.0.5:8080", after[key], "key " + key);
                taken++;
            }
        }
        double share = taken / (double) KEYS;
        assertTrue(share > 0.14 && share < 0.26, "taken share " + share);
    }

    @Test
    void changingAWeightMovesKeysOnlyToThatUpstream() {
        List<Upstream> before = upstreams(4);
        List<Upstream> after = new ArrayList<>(before);
        after.set(1, new TestUpstream(before.get(1).id(), 3));
        String[] was = owners(ring(before), before);
        String[] is = owners(ring(after), after);
        for (int key = 0; key < KEYS; key++) {
            if (!was[key].equals(is[key])) {
                assertEquals(before.get(1).id(), is[key], "key " + key);
            }
        }
    }

    @Test
    void anUnhealthyUpstreamsKeysGoElsewhereAndComeBackWhenItRecovers() {
        List<Upstream> all = upstreams(5);
        HashRing ring = ring(all);
        Upstream down = all.get(3);
        String[] healthy = owners(ring, all);
        String[] degraded = owners(ring, without(all, down));
        Map<String, Integer> movedTo = new HashMap<>();
        for (int key = 0; key < KEYS; key++) {
            if (healthy[key].equals(down.id())) {
                assertNotEquals(down.id(), degraded[key]);
                movedTo.merge(degraded[key], 1, Integer::sum);
            } else {
                assertEquals(healthy[key], degraded[key], "key " + key + " was not on the unhealthy upstream");
            }
        }
        assertEquals(4, movedTo.size(), "the unhealthy upstream's keys spread over the others: " + movedTo);

        // Two down at once, then both back.
        Upstream alsoDown = all.get(0);
        String[] twoDown = owners(ring, without(without(all, down), alsoDown));
        for (int key = 0; key < KEYS; key++) {
            assertTrue(!twoDown[key].equals(down.id()) && !twoDown[key].equals(alsoDown.id()));
            if (!healthy[key].equals(down.id()) && !healthy[key].equals(alsoDown.id())) {
                assertEquals(healthy[key], twoDown[key], "key " + key);
            }
        }
        assertEquals(List.of(healthy), List.of(owners(ring, all)), "recovered: every key is back");
    }

    @Test
    void onlyOneCandidateTakesEverything() {
        List<Upstream> all = upstreams(5);
        HashRing ring = ring(all);
        for (int key = 0; key < 1000; key++) {
            assertSame(all.get(4), ring.pick(keyHash(key), List.of(all.get(4))));
        }
    }

    @Test
    void returnsTheCandidateInstanceEvenWhenTheRingWasBuiltFromOtherInstances() {
        HashRing ring = ring(upstreams(3));
        List<Upstream> distinct = upstreams(3).stream().map(HashRingTest::wrap).toList();
        for (int key = 0; key < 1000; key++) {
            Upstream picked = ring.pick(keyHash(key), distinct);
            assertTrue(distinct.stream().anyMatch(c -> c == picked), "picked " + picked + " is a candidate instance");
        }
    }

    /** Another object with the same id. */
    private static Upstream wrap(Upstream upstream) {
        return new Upstream() {
            @Override public String id() { return upstream.id(); }
            @Override public String scheme() { return upstream.scheme(); }
            @Override public String host() { return upstream.host(); }
            @Override public int port() { return upstream.port(); }
            @Override public int weight() { return upstream.weight(); }
            @Override public int inFlight() { return 0; }
            @Override public long latencyEwmaNanos() { return 0; }
            @Override public boolean healthy() { return true; }
        };
    }

    @Test
    void heavyWeightsAreScaledToTheRingsCap() {
        List<Upstream> upstreams = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            upstreams.add(new TestUpstream("10.0.1." + i + ":80", i == 1 ? 500 : 1000));
        }
        HashRing ring = ring(upstreams);
        Map<String, Integer> points = ring.pointCounts();
        int total = points.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total <= HashRing.MAX_POINTS, "total points " + total);
        assertEquals(points.get("10.0.1.2:80") / 2, points.get("10.0.1.1:80"), 1, "proportional: " + points);
    }

    @Test
    void concurrentPicksAgreeWithSequentialOnes() throws Exception {
        List<Upstream> all = upstreams(5);
        HashRing ring = ring(all);
        List<Upstream> degraded = without(all, all.get(1));
        String[] expected = owners(ring, degraded);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> owners(ring, degraded)));
            }
            for (Future<String[]> result : results) {
                assertEquals(List.of(expected), List.of(result.get()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptyClusterStillAnswersFromTheCandidates() {
        HashRing ring = ring(List.of());
        List<Upstream> candidates = upstreams(2);
        assertTrue(candidates.contains(ring.pick(keyHash(1), candidates)));
    }
}
