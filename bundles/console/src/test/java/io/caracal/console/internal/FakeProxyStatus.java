package io.caracal.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.UpstreamInfo;

/**
 * A core that keeps its routes, clusters and caches in lists and applies the operator actions to
 * them. A purge is recorded in {@link #calls} and answered by {@link #purgeHandler}: by default
 * {@link #PURGED} entries, and for a route no cache knows a stage failed (wrapped, as a dependent
 * stage fails) with IllegalArgumentException.
 */
final class FakeProxyStatus implements ProxyStatus {

    static final long PURGED = 17;

    final List<RouteInfo> routes = new CopyOnWriteArrayList<>();
    final List<ClusterInfo> clusters = new CopyOnWriteArrayList<>();
    final List<CacheInfo> caches = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile BiFunction<String, String, CompletionStage<Long>> purgeHandler = this::purgeKnownRoutes;

    FakeProxyStatus() {
        routes.add(Fixtures.route("default", true));
        clusters.add(Fixtures.cluster());
        caches.addAll(Fixtures.caches());
        warnings.add("Cluster 'api' asks for strategy 'canary', which is not installed; falling back to round-robin");
    }

    @Override
    public List<RouteInfo> routes() {
        return List.copyOf(routes);
    }

    @Override
    public List<ClusterInfo> clusters() {
        return List.copyOf(clusters);
    }

    @Override
    public List<CacheInfo> caches() {
        return List.copyOf(caches);
    }

    @Override
    public CompletionStage<Long> purge(String route, String urlPrefix) {
        calls.add("purge " + route + " " + urlPrefix);
        return purgeHandler.apply(route, urlPrefix);
    }

    private CompletionStage<Long> purgeKnownRoutes(String route, String urlPrefix) {
        boolean known = route == null || caches.stream().flatMap(c -> c.routes().stream())
                .anyMatch(r -> r.route().equals(route));
        return CompletableFuture.completedFuture(PURGED).thenApply(n -> {
            if (!known) {
                throw new IllegalArgumentException("no caching route '" + route + "'");
            }
            return n;
        });
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public boolean setDrained(String cluster, String upstream, boolean drained) {
        calls.add("setDrained " + cluster + " " + upstream + " " + drained);
        for (int c = 0; c < clusters.size(); c++) {
            ClusterInfo info = clusters.get(c);
            if (!info.name().equals(cluster)) {
                continue;
            }
            List<UpstreamInfo> upstreams = new ArrayList<>(info.upstreams());
            for (int u = 0; u < upstreams.size(); u++) {
                UpstreamInfo up = upstreams.get(u);
                if (up.id().equals(upstream)) {
                    upstreams.set(u, new UpstreamInfo(up.id(), up.scheme(), up.weight(), up.healthy(), drained,
                            drained, up.inFlight(), up.latencyMillis(), up.traffic()));
                    clusters.set(c, new ClusterInfo(info.name(), info.strategy(), info.strategyProvider(),
                            info.fallback(), info.unavailableReason(), upstreams, info.traffic()));
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean setRouteEnabled(String route, boolean enabled) {
        calls.add("setRouteEnabled " + route + " " + enabled);
        for (int i = 0; i < routes.size(); i++) {
            RouteInfo r = routes.get(i);
            if (r.name().equals(route)) {
                routes.set(i, new RouteInfo(r.name(), r.hosts(), r.pathPrefix(), r.cluster(), r.clusterConfigured(),
                        enabled, r.filters(), r.traffic()));
                return true;
            }
        }
        return false;
    }
}
