package io.caracal.core.internal.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.FilterInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.UpstreamInfo;
import io.caracal.api.cache.CacheStats;
import io.caracal.api.upstream.Upstream;
import io.caracal.core.internal.cache.RouteCache;
import io.caracal.core.internal.filter.FilterBinding;
import io.caracal.core.internal.routing.CompiledRoute;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.upstream.ClusterRuntime;
import io.caracal.core.internal.upstream.UpstreamState;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The core's live state for the management plane, read from the router's current snapshot, and
 * the operator's runtime actions, which the router applies.
 */
@Component(service = ProxyStatus.class)
public final class ProxyStatusComponent implements ProxyStatus {

    private final Router router;

    @Activate
    public ProxyStatusComponent(@Reference Router router) {
        this.router = router;
    }

    @Override
    public List<RouteInfo> routes() {
        List<RouteInfo> routes = new ArrayList<>();
        for (CompiledRoute route : router.snapshot().routes()) {
            List<FilterInfo> filters = new ArrayList<>(route.filters().size());
            for (FilterBinding binding : route.filters()) {
                filters.add(new FilterInfo(binding.name(), binding.type(), binding.provider(),
                        binding.filter() != null, binding.stats().passed(), binding.stats().rejected(),
                        binding.stats().failed()));
            }
            routes.add(new RouteInfo(route.spec().name(), route.spec().hosts(), route.spec().pathPrefix(),
                    route.spec().cluster(), route.cluster() != null, !route.disabled(), filters,
                    route.traffic().snapshot()));
        }
        return routes;
    }

    @Override
    public List<ClusterInfo> clusters() {
        List<ClusterRuntime> runtimes = new ArrayList<>(router.snapshot().clusters().values());
        runtimes.sort(Comparator.comparing(ClusterRuntime::name));
        List<ClusterInfo> clusters = new ArrayList<>(runtimes.size());
        for (ClusterRuntime cluster : runtimes) {
            List<UpstreamInfo> upstreams = new ArrayList<>(cluster.upstreams().size());
            for (Upstream upstream : cluster.upstreams()) {
                upstreams.add(upstream((UpstreamState) upstream));
            }
            // An unavailable cluster has no balancer at all: nothing stands in for its strategy.
            boolean fallback = cluster.unavailableReason() == null && cluster.usesFallback();
            clusters.add(new ClusterInfo(cluster.name(), cluster.spec().strategy(), cluster.strategyProvider(),
                    fallback, cluster.unavailableReason(), upstreams, cluster.traffic().snapshot()));
        }
        return clusters;
    }

    private static UpstreamInfo upstream(UpstreamState state) {
        return new UpstreamInfo(state.id(), state.scheme(), state.configuredWeight(),
                state.passingChecks() && !state.ejected(), state.draining() || state.drainedByOperator(),
                state.drainedByOperator(), state.inFlight(), state.latencyEwmaNanos() / 1e6,
                state.traffic().snapshot());
    }

    @Override
    public List<CacheInfo> caches() {
        Map<String, List<RouteCache>> byStore = new TreeMap<>();
        for (RouteCache cache : cachingRoutes().values()) {
            byStore.computeIfAbsent(cache.spec().store(), name -> new ArrayList<>()).add(cache);
        }
        List<CacheInfo> caches = new ArrayList<>(byStore.size());
        for (Map.Entry<String, List<RouteCache>> store : byStore.entrySet()) {
            RouteCache first = store.getValue().get(0);
            CacheStats stats = null;
            if (first.store() != null) {
                try {
                    stats = first.store().stats();
                } catch (RuntimeException e) {
                    stats = null; // a failing store shows without counters
                }
            }
            List<CacheInfo.RouteCacheStats> routes = new ArrayList<>();
            for (RouteCache cache : store.getValue()) {
                routes.add(cache.counters().snapshot(cache.route()));
            }
            routes.sort(Comparator.comparing(CacheInfo.RouteCacheStats::route));
            caches.add(new CacheInfo(store.getKey(), first.provider(), first.store() != null, stats, routes));
        }
        return caches;
    }

    @Override
    public CompletionStage<Long> purge(String route, String urlPrefix) {
        Map<String, RouteCache> caching = cachingRoutes();
        List<RouteCache> targets;
        if (route == null) {
            targets = caching.values().stream().filter(cache -> cache.store() != null).toList();
        } else {
            RouteCache cache = caching.get(route);
            if (cache == null) {
                boolean exists = router.snapshot().routes().stream().anyMatch(r -> r.spec().name().equals(route));
                return CompletableFuture.failedFuture(new IllegalArgumentException(exists
                        ? "route '" + route + "' does not cache" : "no route '" + route + "'"));
            }
            if (cache.store() == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("cache store '"
                        + cache.spec().store() + "' of route '" + route + "' is not available"));
            }
            targets = List.of(cache);
        }
        CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
        for (RouteCache cache : targets) {
            CompletableFuture<Long> purged = new CompletableFuture<>();
            cache.purge(urlPrefix).whenComplete((count, failure) -> {
                if (failure != null) {
                    purged.completeExceptionally(failure);
                } else {
                    purged.complete(count == null ? 0L : count);
                }
            });
            total = total.thenCombine(purged, Long::sum);
        }
        return total;
    }

    /** The caches of the snapshot's caching routes by route name (a name configured twice counts once). */
    private Map<String, RouteCache> cachingRoutes() {
        Map<String, RouteCache> caching = new LinkedHashMap<>();
        for (CompiledRoute route : router.snapshot().routes()) {
            if (route.cache() != null) {
                caching.putIfAbsent(route.spec().name(), route.cache());
            }
        }
        return caching;
    }

    @Override
    public List<String> warnings() {
        return router.snapshot().warnings();
    }

    @Override
    public long unmatchedRequests() {
        return router.unmatched();
    }

    @Override
    public boolean setDrained(String cluster, String upstream, boolean drained) {
        return router.setUpstreamDrained(cluster, upstream, drained);
    }

    @Override
    public boolean setRouteEnabled(String route, boolean enabled) {
        return router.setRouteEnabled(route, enabled);
    }
}
