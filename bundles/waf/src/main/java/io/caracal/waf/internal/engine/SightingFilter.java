package io.caracal.waf.internal.engine;

/**
 * Remembers, approximately, which values were seen lately: a Bloom filter in two generations.
 * The value memo asks it before sharing a value's memo, so that only values that come back while
 * the memo would still hold them enter it; session ids, tokens and query strings that come back
 * rarely if ever do not: a put into the memo costs far more than a lookup, and such a value would
 * be evicted before its next request. A value counts as seen while it is in the current or the
 * previous generation (and one found in the previous generation is added to the current one);
 * the current one turns into the previous one after {@link #GENERATION_SIZE} additions (the
 * memo's size), so a value that keeps coming back stays known.
 *
 * <p>Threads share it without locks: a lost update only makes a value wait one more sighting.
 * False positives (about 2 % when a generation is full) only let a one-off value in.
 */
final class SightingFilter {

    /** Additions per generation: as many as the shared memo holds. */
    static final int GENERATION_SIZE = RulePlan.MEMO_ENTRIES_LIMIT;
    /** Bits per generation (8 KB): at two bits per value, a full generation has an eighth of its bits set. */
    private static final int BITS = GENERATION_SIZE << 4;
    private static final int WORDS = BITS >>> 6;

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
