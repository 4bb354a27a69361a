package io.caracal.core.internal.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;
import io.caracal.core.internal.config.ClusterSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster as the data plane uses it: upstream states, the balancer picked for it and the client
 * that reaches its upstreams. Immutable apart from the upstreams' live state.
 */
public final class ClusterRuntime implements ClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRuntime.class);

    private final ClusterSpec spec;
    private final List<Upstream> upstreams;
    private final Balancer balancer;
    private final Balancer fallback;
    private final String balancerOrigin;
    private final UpstreamClient client;
    private volatile List<Upstream> healthy;
    private final AtomicLong strategyFailures = new AtomicLong();

    /**
     * @param balancer the configured strategy's balancer, or {@code null} when the cluster runs on
     *        the fallback
     * @param balancerOrigin the bundle that provided {@code balancer}, for messages
     */
    public ClusterRuntime(ClusterSpec spec, List<? extends Upstream> upstreams, Balancer balancer, Balancer fallback,
            String balancerOrigin, UpstreamClient client) {
        this.spec = spec;
        this.upstreams = List.copyOf(upstreams);
        this.balancer = balancer;
        this.fallback = fallback;
        this.balancerOrigin = balancerOrigin;
        this.client = client;
        refreshHealth();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public List<Upstream> upstreams() {
        return upstreams;
    }

    public ClusterSpec spec() {
        return spec;
    }

    public UpstreamClient client() {
        return client;
    }

    /** Whether the configured strategy is missing and round-robin stands in. */
    public boolean usesFallback() {
        return balancer == null;
    }

    public long strategyFailures() {
        return strategyFailures.get();
    }

    /** Recomputes the candidate list after an upstream's health changed. */
    public void refreshHealth() {
        healthy = upstreams.stream().filter(Upstream::healthy).toList();
    }

    /** Picks a healthy upstream, or returns {@code null} when there is none. */
    public UpstreamState pick(RequestView request) {
        List<Upstream> candidates = healthy;
        if (candidates.isEmpty()) {
            return null;
        }
        if (balancer != null) {
            try {
                Upstream chosen = balancer.pick(request, candidates);
                if (chosen instanceof UpstreamState state && candidates.contains(chosen)) {
                    return state;
                }
                failed(new IllegalStateException("returned " + chosen + ", which is not a healthy candidate"));
            } catch (RuntimeException | LinkageError e) {
                failed(e);
            }
        }
        return (UpstreamState) fallback.pick(request, candidates);
    }

    private void failed(Throwable e) {
        long count = strategyFailures.incrementAndGet();
        // Log the first failure and then every 1000th so a broken plugin cannot flood the log.
        if (count == 1 || count % 1000 == 0) {
            LOG.error("Strategy '{}' from {} failed in cluster '{}' ({} failures so far); round-robin "
                    + "served the request", spec.strategy(), balancerOrigin, spec.name(), count, e);
        }
    }
}
