package io.caracal.waf.internal.engine;

import java.util.List;

/**
 * The values one link's variable list selects in a request, with their memos. CRS names the same
 * variable list (say, every cookie, argument and their names, minus a few cookies) in dozens of
 * rules; a transaction selects it once per phase and every rule with that list reuses it.
 */
final class Selection {

    VarValue[] values;
    private int size;
    /** The transaction's selection epoch this was made in; -1 for one made for a single use. */
    final int epoch;

    Selection(List<VarValue> values, int epoch) {
        this.values = values.toArray(new VarValue[0]);
        this.size = this.values.length;
        this.epoch = epoch;
    }

    /**
     * Makes this (a transaction's scratch selection, epoch -1) hold {@code list}: lists that are
     * not kept (TX and the like) are selected for one rule, and would otherwise be garbage each time.
     */
    Selection refill(List<VarValue> list, boolean memoized) {
        this.memoized = memoized;
        int n = list.size();
        if (values.length < n) {
            values = new VarValue[Math.max(n, 2 * values.length)];
        }
        for (int i = 0; i < n; i++) {
            values[i] = list.get(i);
        }
        for (int i = n; i < size; i++) {
            values[i] = null;
        }
        size = n;
        return this;
    }

    int size() {
        return size;
    }

    /**
     * Whether values are looked up in the memo. Lists that are not kept hold what rules set (TX
     * variables: short numbers and flags, compared by cheap operators), where the lookups would
     * cost more than they save.
     */
    private boolean memoized = true;

    /** Links with a memo slot that used this selection so far, up to two. */
    private int slotUses;
    /**
     * The memo slots every settled value (one whose memo had answers when this was worked out) is
     * known not to match; null until worked out, at the selection's second use by such a link.
     */
    private long[] settledNoMatch;
    /** The indices of the other values, in order. */
    private int[] unsettled;
    private int unsettledCount;

    /**
     * The indices of the values a (not negated) link with memo slot {@code slot} still has to look
     * at, when all others are known not to match it, or null when it has to look at every value.
     * CRS runs dozens of rules over the same long lists of cookies and arguments, nearly all of
     * them known not to match; then only the values new to the memo are looked at one by one.
     */
    int[] onlyUnsettled(Transaction t, int slot) {
        if (epoch < 0 || !memoized) {
            return null;
        }
        if (settledNoMatch == null) {
            if (++slotUses < 2) {
                return null;
            }
            settle(t);
        }
        return (settledNoMatch[slot >>> 6] & (1L << slot)) != 0 ? unsettled : null;
    }

    /** How many indices {@link #onlyUnsettled} returns. */
    int unsettledCount() {
        return unsettledCount;
    }

    private void settle(Transaction t) {
        long[] common = null;
        int[] others = new int[size];
        int count = 0;
        for (int i = 0; i < size; i++) {
            ValueMemo memo = memo(t, i);
            long[] known = memo == null ? null : memo.noMatchSlots();
            if (known == null) {
                others[count++] = i;
            } else if (common == null) {
                common = known.clone();
            } else {
                for (int w = 0; w < common.length; w++) {
                    common[w] &= known[w];
                }
            }
        }
        // With no settled value, nothing is gained: every value is looked at.
        settledNoMatch = common != null ? common : new long[(t.plan.operatorSlots + 63) >>> 6];
        unsettled = others;
        unsettledCount = count;
    }

    /** The memo of value {@code i}, or null when it is not memoized. */
    ValueMemo memo(Transaction t, int i) {
        if (!memoized) {
            return null;
        }
        VarValue value = values[i];
        ValueMemo memo = value.memo;
        RulePlan plan = t.plan;
        if (memo == null || memo.plan != plan) {
            memo = t.memo(value.value());
            value.memo = memo == null ? plan.unmemoized : memo;
        }
        return memo == plan.unmemoized ? null : memo;
    }
}
