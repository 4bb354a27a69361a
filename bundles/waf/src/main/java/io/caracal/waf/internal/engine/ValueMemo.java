package io.caracal.waf.internal.engine;

import io.caracal.waf.internal.prefilter.Facts;
import io.caracal.waf.internal.prefilter.LiteralScanner;

/**
 * What the rules worked out about one value, kept across requests by the {@link RulePlan}: the
 * value after each transformation list, what the prefilter scan found in it, and which operators
 * after which list it does not match and which it does (for capturing rules, with what they
 * captured). Header values, cookie names and arguments come back request after request, and most
 * rules never match them; with this, their transformations and regular expressions run once.
 *
 * <p>An operator's answer depends on the value alone (operators with macros in their argument have
 * no slot), so a remembered answer is the answer: a client cannot make a value skip a rule it would
 * match. Answers cut short by the regular-expression step limit are not remembered. Threads share
 * a memo without locks: a lost update only means work done again.
 */
final class ValueMemo {

    /** The plan whose rules this memo speaks for. */
    final RulePlan plan;

    /** The value after transformation list {@code i}; null until computed. */
    final String[] transformed;
    /**
     * Operator slots (an operator after a transformation list) known not to match; null until one
     * is known. One bit set for all lists: the rules that look at a value read one or two cache
     * lines of it, not one per transformation list.
     */
    private long[] noMatch;
    /** Operator slots known to match (for rules without captures); null until one is known. */
    private long[] match;
    /** Per slot, what a capturing match left in TX.0-TX.9; null until one is known. */
    private Captured[] captured;
    /** Per transformation list, what the plan's scanner found in the transformed value; null until scanned. */
    private final Facts[] facts;
    private final int slots;

    /** Final, so that a thread that sees it sees the values in it (JLS 17.5). */
    private record Captured(String[] values) {
    }

    ValueMemo(RulePlan plan, int transformationChains, int operatorSlots) {
        this.plan = plan;
        this.transformed = new String[transformationChains];
        this.facts = new Facts[transformationChains];
        this.slots = operatorSlots;
    }

    /** The value after {@code rule}'s transformation list, transformed on first use. */
    String transformed(Rule rule, String value) {
        int chain = rule.transformationChain;
        String result = transformed[chain];
        if (result == null) {
            result = RuleEvaluator.transform(rule, value);
            transformed[chain] = result;
        }
        return result;
    }

    /** What {@code scanner} finds in the value after transformation list {@code chain} ({@code transformed}). */
    Facts facts(int chain, String transformed, LiteralScanner scanner) {
        Facts known = facts[chain];
        if (known == null) {
            // Transformation lists often leave a value as it was (or change only its case, which
            // the scan folds away): such a list shares the scan of one done already.
            Scanned[] done = scanned;
            for (int i = 0; done != null && i < done.length && done[i] != null && known == null; i++) {
                if (LiteralScanner.sameFolded(done[i].text(), transformed)) {
                    known = done[i].facts();
                }
            }
            if (known == null) {
                known = scanner.scan(transformed);
                scanned = add(done, new Scanned(transformed, known));
            }
            facts[chain] = known;
        }
        return known;
    }

    /** The distinct texts scanned so far (a value has a few, whatever the number of lists), in a full or null-padded array. */
    private Scanned[] scanned;

    private record Scanned(String text, Facts facts) {
    }

    private static Scanned[] add(Scanned[] done, Scanned next) {
        if (done == null) {
            done = new Scanned[4];
        }
        int free = 0;
        while (free < done.length && done[free] != null) {
            free++;
        }
        if (free == done.length) {
            done = java.util.Arrays.copyOf(done, done.length * 2);
        }
        done[free] = next;
        return done;
    }

    /** The slots known not to match (a live bit set, only ever growing), or null when none is known. */
    long[] noMatchSlots() {
        return noMatch;
    }

    /** What a capturing match of the slot left in TX.0-TX.9 (null for unset), or null when not known. */
    String[] captured(int slot) {
        Captured[] all = captured;
        Captured known = all == null ? null : all[slot];
        return known == null ? null : known.values();
    }

    void rememberCaptured(int slot, String[] values) {
        Captured[] all = captured;
        if (all == null) {
            all = new Captured[slots];
            captured = all;
        }
        all[slot] = new Captured(values);
    }

    boolean knownNoMatch(int slot) {
        return has(noMatch, slot);
    }

    void rememberNoMatch(int slot) {
        noMatch = add(noMatch, slot);
    }

    boolean knownMatch(int slot) {
        return has(match, slot);
    }

    void rememberMatch(int slot) {
        match = add(match, slot);
    }

    private static boolean has(long[] bits, int slot) {
        return bits != null && (bits[slot >>> 6] & (1L << slot)) != 0;
    }

    private long[] add(long[] bits, int slot) {
        long[] set = bits == null ? new long[(slots + 63) >>> 6] : bits;
        set[slot >>> 6] |= 1L << slot;
        return set;
    }
}
