package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

/** Rule ids and id ranges, as {@code SecRuleRemoveById 920100 942000-942999} names them. */
final class IdRanges {

    private final long[] from;
    private final long[] to;

    private IdRanges(long[] from, long[] to) {
        this.from = from;
        this.to = to;
    }

    /** Reads ids and ranges separated by blanks or commas; a {@code *} suffix covers a prefix (9421* = 942100-942199…). */
    static IdRanges parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        for (String item : text.split("[\\s,]+")) {
            if (item.isEmpty()) {
                continue;
            }
            try {
                int dash = item.indexOf('-', 1);
                if (dash > 0) {
                    ranges.add(new long[] {Long.parseLong(item.substring(0, dash).strip()),
                            Long.parseLong(item.substring(dash + 1).strip())});
                } else if (item.endsWith("*")) {
                    String prefix = item.substring(0, item.length() - 1);
                    long base = Long.parseLong(prefix);
                    // 9421* covers 9421, 94210-94219, 942100-942199 … up to 9 digits.
                    for (long scale = 1; scale <= 100_000; scale *= 10) {
                        ranges.add(new long[] {base * scale, base * scale + scale - 1});
                    }
                } else {
                    long id = Long.parseLong(item);
                    ranges.add(new long[] {id, id});
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a rule id or id range: '" + item + "'");
            }
        }
        long[] from = new long[ranges.size()];
        long[] to = new long[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            from[i] = ranges.get(i)[0];
            to[i] = ranges.get(i)[1];
            if (from[i] > to[i]) {
                throw new IllegalArgumentException("empty id range " + from[i] + "-" + to[i]);
            }
        }
        return new IdRanges(from, to);
    }

    boolean contains(long id) {
        for (int i = 0; i < from.length; i++) {
            if (id >= from[i] && id <= to[i]) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return from.length == 0;
    }
}
