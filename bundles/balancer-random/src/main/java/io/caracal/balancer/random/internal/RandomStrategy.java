package io.caracal.balancer.random.internal;

import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/** Registers weighted random under the strategy name {@code random}. */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + RandomStrategy.NAME)
public final class RandomStrategy implements BalancingStrategy {

    public static final String NAME = "random";

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        Sampling.noOptions(NAME, options);
        return new WeightedRandom(Dice.THREAD_LOCAL);
    }
}
