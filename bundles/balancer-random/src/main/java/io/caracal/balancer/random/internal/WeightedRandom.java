package io.caracal.balancer.random.internal;

import java.util.List;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.Upstream;

/**
 * Weighted random: each candidate is picked with probability {@code weight / total weight of the
 * candidates}. Stateless, so it needs no coordination between request threads; over few requests
 * it is lumpier than round-robin, and it ignores load.
 */
final class WeightedRandom implements Balancer {

    private final Dice dice;

    WeightedRandom(Dice dice) {
        this.dice = dice;
    }

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.get(Sampling.index(candidates, -1, dice));
    }
}
