package io.caracal.api.balancer;

import java.util.Map;

import io.caracal.api.upstream.ClusterView;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A load-balancing strategy, registered as an OSGi service with the service property
 * {@value #NAME_PROPERTY} naming it. A cluster configured with {@code strategy=<name>} uses the
 * strategy service of that name; while none is registered the cluster falls back to round-robin.
 *
 * <p>The core calls {@link #create} whenever a cluster's membership or options change, and uses
 * the returned {@link Balancer} until the next change, so per-cluster state lives in the balancer.
 */
@ConsumerType
public interface BalancingStrategy {

    /** The service property that names a strategy. */
    String NAME_PROPERTY = "caracal.strategy";

    /**
     * Creates the balancer for one cluster.
     *
     * @param cluster the cluster, with its upstreams in configuration order
     * @param options the cluster's {@code strategy.options} ({@code key=value, …}) as a map; never null
     * @throws IllegalArgumentException if an option is invalid; the message names the option
     */
    Balancer create(ClusterView cluster, Map<String, String> options);
}
