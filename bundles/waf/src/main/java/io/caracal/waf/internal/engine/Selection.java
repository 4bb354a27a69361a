package io.caracal.waf.internal.engine;

import java.util.List;

/**
 * The values one link's variable list selects in a request, with their memos. CRS names the same
 * variable list (say, every cookie, argument and their names, minus a few cookies) in dozens of
 * rules; a transaction selects it once per phase and every rule with that list reuses it.
 */
final class Selection {

    static final Selection EMPTY = new Selection(List.of(), -1);

    final VarValue[] values;
    /** Each value's memo, looked up on first use; {@link ValueMemo#NONE} for a value not memoized. */
    private final ValueMemo[] memos;
    /** The transaction's selection epoch this was made in; -1 for one made for a single use. */
    final int epoch;

    Selection(List<VarValue> values, int epoch) {
        this.values = values.toArray(new VarValue[0]);
        this.memos = new ValueMemo[this.values.length];
        this.epoch = epoch;
    }

    int size() {
        return values.length;
    }

    /** The memo of value {@code i}, or null when it is not memoized. */
    ValueMemo memo(Transaction t, int i) {
        ValueMemo memo = memos[i];
        if (memo == null) {
            memo = t.memo(values[i].value());
            memos[i] = memo == null ? ValueMemo.NONE : memo;
        }
        return memo == ValueMemo.NONE ? null : memo;
    }
}
