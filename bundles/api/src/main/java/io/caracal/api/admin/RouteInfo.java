package io.caracal.api.admin;

import java.util.List;

/**
 * A route and what it did.
 *
 * @param name the route's name
 * @param hosts host patterns it matches
 * @param pathPrefix the path prefix it matches
 * @param cluster the cluster that serves it
 * @param clusterConfigured whether that cluster exists
 * @param enabled false while an operator has disabled it
 * @param filters its filters, in order
 * @param traffic its requests, including those its filters refused
 */
public record RouteInfo(String name, List<String> hosts, String pathPrefix, String cluster,
        boolean clusterConfigured, boolean enabled, List<FilterInfo> filters, TrafficStats traffic) {

    public RouteInfo {
        hosts = List.copyOf(hosts);
        filters = List.copyOf(filters);
    }
}
