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
 * False positives (about 6 % when a generation is full) only let a one-off value in.
 */
final class SightingFilter {

    /**
     * Bits per generation (64 KB): enough to remember {@link #GENERATION_SIZE} values, which at
     * six new values per request is ten thousand requests or more, well past the time the shared
     * memo keeps a value.
     */
    private static final int BITS = 1 << 19;
    private static final int WORDS = BITS >>> 6;
    /** Additions per generation: at two bits each, a full generation has about 22 % of its bits set. */
    static final int GENERATION_SIZE = 1 << 16;

    private volatile long[] current = new long[WORDS];
    private volatile long[] previous = new long[WORDS];
    private int added;

    /** Records a sighting of a value with this hash; true if it was seen before. */
    boolean sighted(int hash) {
        // Both bits of a value lie in one word: one cache miss per generation, not two.
        int h = mix(hash);
        int word = h & (WORDS - 1);
        long bits = (1L << (h >>> 20)) | (1L << (h >>> 26));
        long[] now = current;
        if ((now[word] & bits) == bits) {
            return true;
        }
        // seen in the previous generation: carried into this one, so that it stays known
        boolean seen = (previous[word] & bits) == bits;
        now[word] |= bits;
        if (++added >= GENERATION_SIZE) {
            added = 0;
            previous = now;
            current = new long[WORDS];
        }
        return seen;
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
