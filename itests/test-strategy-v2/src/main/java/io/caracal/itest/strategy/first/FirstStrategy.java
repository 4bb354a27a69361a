package io.caracal.itest.strategy.first;

import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/**
 * Version 2 of the strategy {@code first} (see itests/test-strategy): every request goes to the
 * LAST healthy upstream, so a test can tell version 2 from version 1 by where requests land.
 */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=first")
public final class FirstStrategy implements BalancingStrategy {

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        return (request, candidates) -> candidates.get(candidates.size() - 1);
    }
}
