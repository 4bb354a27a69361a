package io.caracal.balancer.random.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.caracal.api.upstream.Upstream;

/** Weighted random choice of a candidate, without allocation. */
final class Sampling {

    private Sampling() {
    }

    /**
     * Picks a candidate index with probability proportional to its weight.
     *
     * @param candidates at least one candidate, two if {@code excluded} is set
     * @param excluded an index that must not be picked (for a second, distinct choice), or -1
     * @return the index of the choice in {@code candidates}
     */
    static int index(List<Upstream> candidates, int excluded, Dice dice) {
        int size = candidates.size();
        long total = 0;
        int firstWeight = 0;
        boolean uniform = true;
        for (int i = 0; i < size; i++) {
            if (i == excluded) {
                continue;
            }
            int weight = weight(candidates.get(i));
            total += weight;
            if (firstWeight == 0) {
                firstWeight = weight;
            } else if (weight != firstWeight) {
                uniform = false;
            }
        }
        if (uniform) {
            int index = (int) dice.roll(excluded < 0 ? size : size - 1);
            return excluded >= 0 && index >= excluded ? index + 1 : index;
        }
        // Weights are read again: a weight that changed in between (slow start) can leave the
        // ticket unspent, in which case the last candidate takes it.
        long ticket = dice.roll(total);
        int last = -1;
        for (int i = 0; i < size; i++) {
            if (i == excluded) {
                continue;
            }
            last = i;
            ticket -= weight(candidates.get(i));
            if (ticket < 0) {
                return i;
            }
        }
        return last;
    }

    /** The weight, at least 1 whatever an upstream reports. */
    static int weight(Upstream upstream) {
        return Math.max(1, upstream.weight());
    }

    /** Requests in flight, never negative. */
    static long load(Upstream upstream) {
        return Math.max(0, upstream.inFlight());
    }

    /** Rejects every option: the strategies of this bundle take none. */
    static void noOptions(String strategy, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException(strategy + ": unknown option '"
                    + new TreeSet<>(options.keySet()).first() + "'; it takes no options");
        }
    }
}
