package io.caracal.balancer.leastconn.internal;

import java.util.Map;
import java.util.TreeSet;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/** Registers weighted least-connections under the strategy name {@code least-connections}. */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + LeastConnectionsStrategy.NAME)
public final class LeastConnectionsStrategy implements BalancingStrategy {

    public static final String NAME = "least-connections";

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": unknown option '" + new TreeSet<>(options.keySet()).first()
                    + "'; it takes no options");
        }
        return new LeastConnections();
    }
}
