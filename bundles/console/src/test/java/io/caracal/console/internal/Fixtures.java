package io.caracal.console.internal;

import java.util.List;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.FilterInfo;
import io.caracal.api.admin.LatencyHistogram;
import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.TrafficStats;
import io.caracal.api.admin.UpstreamInfo;
import io.caracal.api.cache.CacheStats;

/** Snapshots as the core and a listener would report them, with distinct numbers to tell apart. */
final class Fixtures {

    static final String USER = "admin";
    static final String PASSWORD = "s3cret-Pa55";

    private Fixtures() {
    }

    static TrafficStats traffic(long s1, long s2, long s3, long s4, long s5, long failures) {
        long total = s1 + s2 + s3 + s4 + s5;
        // 0.005 s: 2, 0.05 s: 5 (cumulative), 0.5 s: 9, +Inf: total
        LatencyHistogram latency = new LatencyHistogram(List.of(0.005, 0.05, 0.5),
                List.of(Math.min(2, total), Math.min(5, total), Math.min(9, total), total), 1.25, total);
        return new TrafficStats(total, List.of(s1, s2, s3, s4, s5), failures, latency);
    }

    static RouteInfo route(String name, boolean enabled) {
        return new RouteInfo(name, List.of("example.com", "*.example.com"), "/api", "api", true, enabled,
                List.of(new FilterInfo("office-only", "ipaccess", "io.caracal.access.control 0.1.0", true, 40, 3, 0),
                        new FilterInfo("api-limit", "ratelimit", "io.caracal.ratelimit 0.1.0", true, 37, 5, 1),
                        new FilterInfo("owasp", "waf", "com.example.waf 1.2.0", true, 30, 7, 0)),
                traffic(0, 20, 1, 8, 3, 3));
    }

    static RouteInfo brokenRoute() {
        return new RouteInfo("legacy", List.of("*"), "/", "gone", false, true,
                List.of(new FilterInfo("missing-jwt", "", "", false, 0, 0, 0)), traffic(0, 0, 0, 0, 4, 4));
    }

    static UpstreamInfo upstream(String id, boolean healthy, boolean drained) {
        return new UpstreamInfo(id, "http", 5, healthy, drained, false, 2, 12.5, traffic(0, 15, 0, 2, 1, 1));
    }

    static ClusterInfo cluster() {
        return new ClusterInfo("api", "peak-ewma", "io.caracal.balancer.ewma 0.1.0", false, null,
                List.of(upstream("10.0.0.5:8080", true, false), upstream("10.0.0.6:8080", false, false)),
                traffic(0, 30, 1, 4, 2, 2));
    }

    /** Two stores: "memory", installed, caching routes "default" and "images"; "disk", missing, for "legacy". */
    static List<CacheInfo> caches() {
        return List.of(
                new CacheInfo("memory", "io.caracal.cache.memory 0.1.0", true,
                        new CacheStats(120, 3_500_000, 67_108_864, 900, 300, 12),
                        List.of(new CacheInfo.RouteCacheStats("default", 600, 150, 30, 140, 12_345_678),
                                new CacheInfo.RouteCacheStats("images", 300, 50, 5, 45, 98_765_432))),
                new CacheInfo("disk", "", false, null,
                        List.of(new CacheInfo.RouteCacheStats("legacy", 0, 4, 0, 0, 0))));
    }

    static ListenerInfo listener(String name, int port, boolean open) {
        return new ListenerInfo(name, "0.0.0.0", port, false, null, true, open, 3, 120, 900);
    }
}
