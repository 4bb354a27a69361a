package io.caracal.core.internal.cache;

import java.util.concurrent.atomic.LongAdder;

import io.caracal.api.admin.CacheInfo;

/**
 * What the cache did for one route; lock-free, kept by the router across snapshots for as long as
 * the route is configured. Every GET or HEAD is either a hit (answered from the cache) or a miss
 * (sent upstream, a revalidation included); revalidations also count the conditional requests
 * sent in the background.
 */
public final class CacheCounters {

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder revalidations = new LongAdder();
    final LongAdder stores = new LongAdder();
    final LongAdder bytesServed = new LongAdder();

    public CacheInfo.RouteCacheStats snapshot(String route) {
        return new CacheInfo.RouteCacheStats(route, hits.sum(), misses.sum(), revalidations.sum(), stores.sum(),
                bytesServed.sum());
    }
}
