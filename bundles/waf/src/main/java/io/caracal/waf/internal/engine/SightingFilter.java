package io.caracal.waf.internal.engine;

/**
 * Remembers, approximately, which values were seen lately: a Bloom filter in two generations.
 * The value memo asks it before sharing a value's memo, so that values seen once (session ids,
 * tokens, one-off query strings) never enter the shared memo: a put into it costs far more than
 * the lookups it would save for a value that does not come back. A value counts as seen while it
 * is in the current or the previous generation (and one found in the previous generation is
 * added to the current one); the current one turns into the previous one after
 * {@link #GENERATION_SIZE} additions, so a value that keeps coming back stays known.
 *
 * <p>Threads share it without locks: a lost update only makes a value wait one more sighting.
 * False positives (about 5 % when a generation is full) only let a one-off value in.
 */
final class SightingFilter {

    /** Bits per generation (16 KB). */
    private static final int BITS = 1 << 17;
    /** Additions per generation: at two bits each, a full generation has about 22 % of its bits set. */
    static final int GENERATION_SIZE = 1 << 14;

    private volatile long[] current = new long[BITS >>> 6];
    private volatile long[] previous = new long[BITS >>> 6];
    private int added;

    /** Records a sighting of a value with this hash; true if it was seen before. */
    boolean sighted(int hash) {
        int h1 = mix(hash);
        int h2 = mix(h1 ^ 0x5bd1e995);
        long[] now = current;
        if (contains(now, h1, h2)) {
            return true;
        }
        // seen in the previous generation: carried into this one, so that it stays known
        boolean seen = contains(previous, h1, h2);
        set(now, h1);
        set(now, h2);
        if (++added >= GENERATION_SIZE) {
            added = 0;
            previous = now;
            current = new long[BITS >>> 6];
        }
        return seen;
    }

    private static boolean contains(long[] bits, int h1, int h2) {
        return has(bits, h1) && has(bits, h2);
    }

    private static boolean has(long[] bits, int h) {
        int bit = h & (BITS - 1);
        return (bits[bit >>> 6] & (1L << bit)) != 0;
    }

    private static void set(long[] bits, int h) {
        int bit = h & (BITS - 1);
        bits[bit >>> 6] |= 1L << bit;
    }

    /** Spreads String.hashCode's weak low bits (murmur3's finalizer). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
