package io.caracal.balancer.random.internal;

import static io.caracal.balancer.random.internal.WeightedRandomTest.assertShare;
import static io.caracal.balancer.random.internal.WeightedRandomTest.concurrentCounts;
import static io.caracal.balancer.random.internal.WeightedRandomTest.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caracal.api.testing.FakeUpstream;
import io.caracal.api.balancer.Balancer;
import io.caracal.api.upstream.Upstream;

import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {

    @Test
    void ofTwoCandidatesTakesTheLessLoaded() {
        FakeUpstream a = new FakeUpstream("a", 1).load(3);
        FakeUpstream b = new FakeUpstream("b", 1).load(2);
        List<Upstream> candidates = List.of(a, b);
        PowerOfTwoChoices balancer = new PowerOfTwoChoices(Dices.sweep()); // draws a first, then b first
        for (int i = 0; i < 10; i++) {
            assertSame(b, balancer.pick(null, candidates));
        }
    }

    @Test
    void neverPicksTheWorstOfItsDraws() {
        List<Upstream> candidates = List.of(new FakeUpstream("idle", 1), new FakeUpstream("busy", 1).load(1),
                new FakeUpstream("busiest", 1).load(2));
        Map<String, Integer> counts = counts(new PowerOfTwoChoices(Dices.seeded(7)), candidates, 6_000);
        assertNull(counts.get("busiest"), counts.toString());
        // idle wins the two pairs it is drawn in, busy only the pair without idle: 2/3 and 1/3.
        assertShare(counts, "idle", 2 / 3.0, 0.03);
        assertShare(counts, "busy", 1 / 3.0, 0.03);
    }

    @Test
    void comparesLoadPerWeight() {
        FakeUpstream heavy = new FakeUpstream("heavy", 4).load(2); // 0.5 per unit of weight
        FakeUpstream light = new FakeUpstream("light", 1).load(1); // 1.0
        List<Upstream> candidates = List.of(heavy, light);
        PowerOfTwoChoices balancer = new PowerOfTwoChoices(Dices.seeded(1));
        for (int i = 0; i < 20; i++) {
            assertSame(heavy, balancer.pick(null, candidates));
        }
        heavy.load(5); // 1.25
        for (int i = 0; i < 20; i++) {
            assertSame(light, balancer.pick(null, candidates));
        }
    }

    @Test
    void idleCandidatesShareByWeight() {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 3), new FakeUpstream("b", 2), new FakeUpstream("c", 1));
        Map<String, Integer> counts = counts(new PowerOfTwoChoices(Dices.seeded(3)), candidates, 60_000);
        assertShare(counts, "a", 0.5, 0.02);
        assertShare(counts, "b", 1 / 3.0, 0.02);
        assertShare(counts, "c", 1 / 6.0, 0.02);
    }

    @Test
    void heldRequestsStayBalancedByWeight() {
        // Nothing completes: the loads per unit of weight must stay close together.
        List<FakeUpstream> upstreams = List.of(new FakeUpstream("a", 2), new FakeUpstream("b", 1),
                new FakeUpstream("c", 1), new FakeUpstream("d", 1));
        List<Upstream> candidates = List.copyOf(upstreams);
        PowerOfTwoChoices balancer = new PowerOfTwoChoices(Dices.seeded(11));
        for (int i = 0; i < 5_000; i++) {
            ((FakeUpstream) balancer.pick(null, candidates)).inFlight.incrementAndGet();
        }
        // 1,000 per unit of weight if perfectly even.
        for (FakeUpstream upstream : upstreams) {
            double perWeight = upstream.inFlight() / (double) upstream.weight();
            assertTrue(Math.abs(perWeight - 1000) <= 20, upstream.id() + ": " + perWeight);
        }
    }

    @Test
    void drawsTwoDistinctCandidates() {
        // With a busy first choice, the second draw must be another candidate, whatever the dice.
        FakeUpstream busy = new FakeUpstream("busy", 1).load(10);
        List<Upstream> candidates = List.of(busy, new FakeUpstream("b", 1), new FakeUpstream("c", 1));
        PowerOfTwoChoices balancer = new PowerOfTwoChoices(bound -> 0); // always the first remaining
        assertEquals("b", balancer.pick(null, candidates).id());
    }

    @Test
    void singleCandidate() {
        FakeUpstream only = new FakeUpstream("a", 1).load(5);
        assertSame(only, new PowerOfTwoChoices(Dices.sweep()).pick(null, List.of(only)));
    }

    @Test
    void rejectsUnknownOptionsByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PowerOfTwoStrategy().create(FakeUpstream.cluster(List.of()), Map.of("choices", "3")));
        assertTrue(e.getMessage().contains("'choices'"), e.getMessage());
        assertTrue(new PowerOfTwoStrategy().create(FakeUpstream.cluster(List.of()), Map.of()) instanceof PowerOfTwoChoices);
    }

    @Test
    void concurrentPicksWithThreadLocalRandom() throws Exception {
        List<Upstream> candidates = List.of(new FakeUpstream("a", 1), new FakeUpstream("b", 1), new FakeUpstream("c", 2));
        Balancer balancer = new PowerOfTwoStrategy().create(FakeUpstream.cluster(candidates), Map.of());
        Map<String, Integer> counts = concurrentCounts(balancer, candidates, 4, 20_000);
        assertEquals(3, counts.size(), counts.toString());
        for (int count : counts.values()) {
            assertTrue(count > 8_000, counts.toString()); // each of a, b and c gets a fair part
        }
    }
}
