package io.caracal.balancer.random.internal;

import java.util.List;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.Upstream;

/**
 * Power of two choices: draw two distinct candidates at random (weighted, as {@link WeightedRandom}
 * draws), and send the request to the one with fewer requests in flight per unit of weight. On a
 * tie the first draw wins, so idle upstreams share light traffic by weight.
 *
 * <p>Comparing two instead of scanning all keeps the cost constant and, unlike least-connections,
 * avoids herding: concurrent picks that read the same momentarily idle upstream do not all choose
 * it. It never picks the more loaded of its two draws, so an upstream more loaded (per weight) than
 * every other candidate is never picked.
 */
final class PowerOfTwoChoices implements Balancer {

    private final Dice dice;

    PowerOfTwoChoices(Dice dice) {
        this.dice = dice;
    }

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        int first = Sampling.index(candidates, -1, dice);
        int second = size == 2 ? 1 - first : Sampling.index(candidates, first, dice);
        Upstream a = candidates.get(first);
        Upstream b = candidates.get(second);
        // b.load / b.weight < a.load / a.weight, without division
        return Sampling.load(b) * Sampling.weight(a) < Sampling.load(a) * Sampling.weight(b) ? b : a;
    }
}
