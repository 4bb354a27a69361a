package io.caracal.api.balancer;

import java.util.List;

import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.Upstream;

import org.osgi.annotation.versioning.ConsumerType;

/** Picks an upstream for each request of one cluster. Called concurrently: must be thread-safe. */
@ConsumerType
public interface Balancer {

    /**
     * Picks the upstream for a request.
     *
     * @param request the client request
     * @param candidates the healthy upstreams of the cluster, in configuration order; never empty
     * @return one of {@code candidates}; returning anything else, or {@code null}, makes the core
     *         count a strategy failure and use its fallback for this request
     */
    Upstream pick(RequestView request, List<Upstream> candidates);
}
