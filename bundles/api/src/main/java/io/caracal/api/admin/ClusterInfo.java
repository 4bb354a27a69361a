package io.caracal.api.admin;

import java.util.List;

/**
 * A cluster and its upstreams.
 *
 * @param name the cluster's name
 * @param strategy the balancing strategy it asks for
 * @param strategyProvider the bundle of the strategy in use ({@code symbolic-name version}), or empty
 * @param fallback true while the strategy is missing or failed and round-robin stands in
 * @param unavailableReason why the cluster cannot serve at all, or null
 * @param upstreams its upstreams, in configuration order
 * @param traffic its requests (each counted once, however many upstreams it tried)
 */
public record ClusterInfo(String name, String strategy, String strategyProvider, boolean fallback,
        String unavailableReason, List<UpstreamInfo> upstreams, TrafficStats traffic) {

    public ClusterInfo {
        upstreams = List.copyOf(upstreams);
    }
}
