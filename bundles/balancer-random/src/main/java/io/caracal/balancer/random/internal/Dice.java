package io.caracal.balancer.random.internal;

import java.util.concurrent.ThreadLocalRandom;

/** The source of randomness: {@link ThreadLocalRandom} in production, seeded or scripted in tests. */
@FunctionalInterface
interface Dice {

    /** ThreadLocalRandom: no shared state between request threads, no allocation. */
    Dice THREAD_LOCAL = bound -> ThreadLocalRandom.current().nextLong(bound);

    /** A uniformly distributed value from 0 (inclusive) to {@code bound} (exclusive); {@code bound > 0}. */
    long roll(long bound);
}
