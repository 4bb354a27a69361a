package io.caracal.balancer.roundrobin.internal;

import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;
import io.caracal.balancer.roundrobin.internal.smooth.SmoothWeightedRoundRobin;

import org.osgi.service.component.annotations.Component;

/** Registers smooth weighted round-robin under the strategy name {@code round-robin}. */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + RoundRobinStrategy.NAME)
public final class RoundRobinStrategy implements BalancingStrategy {

    public static final String NAME = "round-robin";

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("round-robin takes no options, got " + options.keySet());
        }
        return new SmoothWeightedRoundRobin(cluster);
    }
}
