package io.caracal.waf.internal.engine;

import io.caracal.waf.internal.prefilter.Facts;
import io.caracal.waf.internal.prefilter.LiteralScanner;

/**
 * What the rules worked out about one value, kept across requests by the {@link RulePlan}: the
 * value after each transformation list, and for each of those, which operators it does not match.
 * Header values, cookie names and arguments come back request after request, and most rules never
 * match them; with this, their transformations and regular expressions run once.
 *
 * <p>Only "no match" is remembered: an operator's answer depends on the value alone (operators with
 * macros in their argument have no slot), so a client cannot make a value skip a rule it would
 * match. Threads share a memo without locks: a lost update only means work done again.
 */
final class ValueMemo {

    /** Stands for "not memoized" in a request's own lookup table. */
    static final ValueMemo NONE = new ValueMemo(0, 0);

    /** The value after transformation list {@code i}; null until computed. */
    final String[] transformed;
    /** Per transformation list, a bit set of operator slots known not to match; null until one is known. */
    private final long[][] noMatch;
    /** Per transformation list, what the plan's scanner found in the transformed value; null until scanned. */
    private final Facts[] facts;
    private final int slots;

    ValueMemo(int transformationChains, int operatorSlots) {
        this.transformed = new String[transformationChains];
        this.noMatch = new long[transformationChains][];
        this.facts = new Facts[transformationChains];
        this.slots = operatorSlots;
    }

    /** What {@code scanner} finds in the value after transformation list {@code chain} ({@code transformed}). */
    Facts facts(int chain, String transformed, LiteralScanner scanner) {
        Facts known = facts[chain];
        if (known == null) {
            // Transformation lists often leave a value as it was (or change only its case, which
            // the scan folds away): such a list shares the scan of one done already.
            for (int other = 0; other < facts.length && known == null; other++) {
                if (facts[other] != null && LiteralScanner.sameFolded(this.transformed[other], transformed)) {
                    known = facts[other];
                }
            }
            if (known == null) {
                known = scanner.scan(transformed);
            }
            facts[chain] = known;
        }
        return known;
    }

    boolean knownNoMatch(int chain, int slot) {
        long[] bits = noMatch[chain];
        return bits != null && (bits[slot >>> 6] & (1L << slot)) != 0;
    }

    void rememberNoMatch(int chain, int slot) {
        long[] bits = noMatch[chain];
        if (bits == null) {
            bits = new long[(slots + 63) >>> 6];
            noMatch[chain] = bits;
        }
        bits[slot >>> 6] |= 1L << slot;
    }
}
