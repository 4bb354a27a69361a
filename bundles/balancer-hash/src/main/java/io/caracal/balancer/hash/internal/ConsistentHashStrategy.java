package io.caracal.balancer.hash.internal;

import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/**
 * Registers consistent hashing under the strategy name {@code consistent-hash}: requests with the
 * same key (client IP by default, or a header, a cookie, the path; see {@link KeySource}) go to the
 * same upstream, and membership or health changes move as few keys as possible. The balancer is a
 * weighted hash ring with virtual nodes; {@link HashRing} explains the ring and why it was chosen
 * over Maglev.
 *
 * <p>Strategy options ({@code strategy.options} of the cluster): {@code key=ip} (default),
 * {@code key=header:<Name>}, {@code key=cookie:<name>}, {@code key=path}, {@code key=path+query}. A
 * request without the header or cookie is hashed by its client IP. Any other option or value is
 * rejected with an {@link IllegalArgumentException} naming the option.
 */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + ConsistentHashStrategy.NAME)
public final class ConsistentHashStrategy implements BalancingStrategy {

    public static final String NAME = "consistent-hash";

    /** Builds the ring over all configured upstreams, healthy or not, once per membership change. */
    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        KeySource key = KeySource.fromOptions(options);
        return HashRing.build(cluster.upstreams(), key);
    }
}
