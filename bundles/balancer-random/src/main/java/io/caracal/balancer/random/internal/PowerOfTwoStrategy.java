package io.caracal.balancer.random.internal;

import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/** Registers power-of-two-choices under the strategy name {@code power-of-two}. */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + PowerOfTwoStrategy.NAME)
public final class PowerOfTwoStrategy implements BalancingStrategy {

    public static final String NAME = "power-of-two";

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        Sampling.noOptions(NAME, options);
        return new PowerOfTwoChoices(Dice.THREAD_LOCAL);
    }
}
