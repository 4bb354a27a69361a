package io.caracal.api.admin;

import java.util.List;

import io.caracal.api.cache.CacheStats;

/**
 * A cache store and the routes that cache in it.
 *
 * @param name the store's name ({@code caracal.cache.store})
 * @param provider the bundle that provides it ({@code symbolic-name version}), or empty when missing
 * @param available false while no store of that name is registered (its routes then go uncached)
 * @param stats the store's own counters (entries, bytes, evictions …), or null when missing
 * @param routes per route: what the cache did for it
 */
public record CacheInfo(String name, String provider, boolean available, CacheStats stats, List<RouteCacheStats> routes) {

    public CacheInfo {
        routes = List.copyOf(routes);
    }

    /**
     * What the cache did for one route since start.
     *
     * @param route the route's name
     * @param hits requests answered from the cache (fresh, or stale where allowed)
     * @param misses requests that went to the upstream for want of a usable entry
     * @param revalidations conditional requests sent to refresh a stale entry
     * @param stores responses stored
     * @param bytesServed body bytes answered from the cache
     */
    public record RouteCacheStats(String route, long hits, long misses, long revalidations, long stores,
            long bytesServed) {
    }
}
