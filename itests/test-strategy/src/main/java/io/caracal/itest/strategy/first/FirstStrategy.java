package io.caracal.itest.strategy.first;

import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/** Registers the strategy {@code first}: every request goes to the first healthy upstream. */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=first")
public final class FirstStrategy implements BalancingStrategy {

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        return (request, candidates) -> candidates.get(0);
    }
}
