package io.caracal.console.internal;

import java.util.List;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.FilterInfo;
import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.RouteInfo;

/** The documents served as "everything at once": the API's {@code /status} and the page's poll. */
final class StatusReport {

    /** {@code GET /api/v1/status}. */
    record Status(List<ListenerInfo> listeners, List<RouteInfo> routes, List<ClusterInfo> clusters,
            List<CacheInfo> caches, List<String> warnings, Plugins plugins) {
    }

    /** Requests refused by filters of the rate-limit and WAF types, summed over routes. */
    record Blocks(long ratelimit, long waf) {
    }

    /**
     * The console page's poll. Unlike {@code /status} it is answered without the core too (with
     * {@code coreAvailable} false and empty routes, clusters and caches), so the page still shows
     * listeners and plugins.
     */
    record PageStatus(long collectedAtMillis, int refreshIntervalMs, boolean coreAvailable,
            List<ListenerInfo> listeners, List<RouteInfo> routes, List<ClusterInfo> clusters,
            List<CacheInfo> caches, List<String> warnings, Plugins plugins, Blocks blocks) {
    }

    static final String RATELIMIT_TYPE = "ratelimit";
    static final String WAF_TYPE = "waf";

    private StatusReport() {
    }

    static Status status(ProxyStatus proxy, AdminSource source) {
        return new Status(source.listeners(), proxy.routes(), proxy.clusters(), proxy.caches(), proxy.warnings(),
                source.plugins());
    }

    static PageStatus page(AdminSource source, int refreshIntervalMs, long nowMillis) {
        ProxyStatus proxy = source.proxy();
        List<RouteInfo> routes = proxy == null ? List.of() : proxy.routes();
        List<ClusterInfo> clusters = proxy == null ? List.of() : proxy.clusters();
        List<CacheInfo> caches = proxy == null ? List.of() : proxy.caches();
        List<String> warnings = proxy == null ? List.of(AdminActions.CORE_MISSING) : proxy.warnings();
        return new PageStatus(nowMillis, refreshIntervalMs, proxy != null, source.listeners(), routes, clusters,
                caches, warnings, source.plugins(), blocks(routes));
    }

    static Blocks blocks(List<RouteInfo> routes) {
        long ratelimit = 0;
        long waf = 0;
        for (RouteInfo route : routes) {
            for (FilterInfo filter : route.filters()) {
                if (RATELIMIT_TYPE.equals(filter.type())) {
                    ratelimit += filter.rejected();
                } else if (WAF_TYPE.equals(filter.type())) {
                    waf += filter.rejected();
                }
            }
        }
        return new Blocks(ratelimit, waf);
    }
}
