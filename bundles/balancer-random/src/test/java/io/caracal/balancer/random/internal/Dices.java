package io.caracal.balancer.random.internal;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Predictable sources of randomness for the tests. */
final class Dices {

    private Dices() {
    }

    /** Rolls 0, 1, 2, ... (modulo the bound): walks every outcome once per cycle. */
    static Dice sweep() {
        AtomicLong next = new AtomicLong();
        return bound -> next.getAndIncrement() % bound;
    }

    /** A seeded pseudo-random sequence: statistical checks that give the same result on every run. */
    static Dice seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextLong;
    }
}
