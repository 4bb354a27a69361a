package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.UpstreamInfo;
import io.caracal.api.cache.CacheStats;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /metrics over real HTTP, read back with a strict parser of the text format. */
class MetricsServletTest {

    private final FakeProxyStatus core = new FakeProxyStatus();
    private final FakeAdminSource source = FakeAdminSource.running(core);
    private JettyHarness http;

    private PrometheusText scrape(boolean auth, boolean jvm) throws Exception {
        http = new JettyHarness().servlet(new MetricsServlet(source, TestCredentials.console(), auth, jvm), "/metrics")
                .start();
        HttpResponse<String> response = auth ? http.get("/metrics", TestCredentials.auth()) : http.get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
        return PrometheusText.parse(response.body());
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void routeSeries() throws Exception {
        PrometheusText metrics = scrape(false, false);
        assertEquals("counter", metrics.types.get("caracal_route_requests_total"));
        assertEquals(20, metrics.value("caracal_route_requests_total", "route", "default", "status_class", "2xx"));
        assertEquals(8, metrics.value("caracal_route_requests_total", "route", "default", "status_class", "4xx"));
        assertEquals(3, metrics.value("caracal_route_requests_total", "route", "default", "status_class", "5xx"));
        assertEquals(0, metrics.value("caracal_route_requests_total", "route", "default", "status_class", "1xx"));
        assertEquals(5, metrics.find("caracal_route_requests_total", "route", "default").size());
    }

    @Test
    void routeLatencyIsAHistogramWithCumulativeBuckets() throws Exception {
        PrometheusText metrics = scrape(false, false);
        assertEquals("histogram", metrics.types.get("caracal_route_request_duration_seconds"));
        String bucket = "caracal_route_request_duration_seconds_bucket";
        assertEquals(2, metrics.value(bucket, "route", "default", "le", "0.005"));
        assertEquals(5, metrics.value(bucket, "route", "default", "le", "0.05"));
        assertEquals(9, metrics.value(bucket, "route", "default", "le", "0.5"));
        assertEquals(32, metrics.value(bucket, "route", "default", "le", "+Inf"));
        assertEquals(32, metrics.value("caracal_route_request_duration_seconds_count", "route", "default"));
        assertEquals(1.25, metrics.value("caracal_route_request_duration_seconds_sum", "route", "default"));
    }

    @Test
    void clusterAndUpstreamSeries() throws Exception {
        PrometheusText metrics = scrape(false, false);
        assertEquals(30, metrics.value("caracal_cluster_requests_total", "cluster", "api", "status_class", "2xx"));
        String[] up5 = {"cluster", "api", "upstream", "10.0.0.5:8080"};
        String[] up6 = {"cluster", "api", "upstream", "10.0.0.6:8080"};
        assertEquals(15, metrics.value("caracal_upstream_requests_total", concat(up5, "status_class", "2xx")));
        assertEquals(1, metrics.value("caracal_upstream_failures_total", up5));
        assertEquals("gauge", metrics.types.get("caracal_upstream_healthy"));
        assertEquals(1, metrics.value("caracal_upstream_healthy", up5));
        assertEquals(0, metrics.value("caracal_upstream_healthy", up6));
        assertEquals(0, metrics.value("caracal_upstream_drained", up5));
        assertEquals(2, metrics.value("caracal_upstream_in_flight", up5));
        assertEquals(0.0125, metrics.value("caracal_upstream_latency_seconds", up5), 1e-12);
    }

    @Test
    void drainShowsInTheNextScrape() throws Exception {
        core.setDrained("api", "10.0.0.6:8080", true);
        PrometheusText metrics = scrape(false, false);
        assertEquals(1, metrics.value("caracal_upstream_drained", "cluster", "api", "upstream", "10.0.0.6:8080"));
    }

    @Test
    void listenerFilterAndWarningSeries() throws Exception {
        PrometheusText metrics = scrape(false, false);
        assertEquals(3, metrics.value("caracal_listener_connections", "listener", "http"));
        assertEquals("counter", metrics.types.get("caracal_listener_connections_accepted_total"));
        assertEquals(120, metrics.value("caracal_listener_connections_accepted_total", "listener", "http"));
        String[] limit = {"route", "default", "filter", "api-limit", "type", "ratelimit"};
        assertEquals(37, metrics.value("caracal_filter_requests_total", concat(limit, "outcome", "passed")));
        assertEquals(5, metrics.value("caracal_filter_requests_total", concat(limit, "outcome", "rejected")));
        assertEquals(1, metrics.value("caracal_filter_requests_total", concat(limit, "outcome", "failed")));
        assertEquals(7, metrics.value("caracal_filter_requests_total", "filter", "owasp", "type", "waf",
                "outcome", "rejected"));
        assertEquals(1, metrics.value("caracal_config_warnings"));
        assertEquals(1, metrics.value("caracal_core_available"));
    }

    @Test
    void labelValuesAreEscaped() throws Exception {
        RouteInfo odd = Fixtures.route("we\"ird\\route", true);
        core.routes.add(odd);
        PrometheusText metrics = scrape(false, false);
        assertEquals(20, metrics.value("caracal_route_requests_total", "route", "we\"ird\\route", "status_class", "2xx"));
    }

    @Test
    void duplicateNamesDoNotFailTheScrape() throws Exception {
        core.routes.add(Fixtures.route("default", false));
        UpstreamInfo twin = Fixtures.upstream("10.0.0.5:8080", false, true);
        ClusterInfo api = core.clusters.get(0);
        core.clusters.set(0, new ClusterInfo(api.name(), api.strategy(), api.strategyProvider(), api.fallback(), null,
                List.of(api.upstreams().get(0), twin), api.traffic()));
        PrometheusText metrics = scrape(false, false);
        assertEquals(1, metrics.find("caracal_upstream_healthy", "upstream", "10.0.0.5:8080").size());
    }

    @Test
    void withoutTheCoreOnlyListenersAndAvailability() throws Exception {
        source.proxy = null;
        PrometheusText metrics = scrape(false, false);
        assertEquals(0, metrics.value("caracal_core_available"));
        assertEquals(3, metrics.value("caracal_listener_connections", "listener", "http"));
        assertTrue(metrics.find("caracal_route_requests_total").isEmpty());
        assertFalse(metrics.types.containsKey("caracal_config_warnings"));
    }

    @Test
    void cacheRouteSeries() throws Exception {
        PrometheusText metrics = scrape(false, false);
        assertEquals("counter", metrics.types.get("caracal_cache_requests_total"));
        assertEquals(600, metrics.value("caracal_cache_requests_total", "route", "default", "result", "hit"));
        assertEquals(150, metrics.value("caracal_cache_requests_total", "route", "default", "result", "miss"));
        assertEquals(300, metrics.value("caracal_cache_requests_total", "route", "images", "result", "hit"));
        assertEquals(50, metrics.value("caracal_cache_requests_total", "route", "images", "result", "miss"));
        assertEquals(4, metrics.value("caracal_cache_requests_total", "route", "legacy", "result", "miss"));
        assertEquals(6, metrics.find("caracal_cache_requests_total").size());
        assertEquals("counter", metrics.types.get("caracal_cache_revalidations_total"));
        assertEquals(30, metrics.value("caracal_cache_revalidations_total", "route", "default"));
        assertEquals(5, metrics.value("caracal_cache_revalidations_total", "route", "images"));
        assertEquals("counter", metrics.types.get("caracal_cache_stores_total"));
        assertEquals(140, metrics.value("caracal_cache_stores_total", "route", "default"));
        assertEquals(45, metrics.value("caracal_cache_stores_total", "route", "images"));
        assertEquals("counter", metrics.types.get("caracal_cache_served_bytes_total"));
        assertEquals(12_345_678, metrics.value("caracal_cache_served_bytes_total", "route", "default"));
        assertEquals(98_765_432, metrics.value("caracal_cache_served_bytes_total", "route", "images"));
        assertEquals(0, metrics.value("caracal_cache_served_bytes_total", "route", "legacy"));
        assertEquals(Set.of("route", "result"),
                metrics.find("caracal_cache_requests_total").get(0).labels().keySet());
    }

    @Test
    void cacheStoreSeries() throws Exception {
        PrometheusText metrics = scrape(false, false);
        assertEquals("gauge", metrics.types.get("caracal_cache_store_available"));
        assertEquals(1, metrics.value("caracal_cache_store_available", "store", "memory"));
        assertEquals(0, metrics.value("caracal_cache_store_available", "store", "disk"));
        assertEquals("gauge", metrics.types.get("caracal_cache_entries"));
        assertEquals(120, metrics.value("caracal_cache_entries", "store", "memory"));
        assertEquals("gauge", metrics.types.get("caracal_cache_bytes"));
        assertEquals(3_500_000, metrics.value("caracal_cache_bytes", "store", "memory"));
        assertEquals("gauge", metrics.types.get("caracal_cache_max_bytes"));
        assertEquals(67_108_864, metrics.value("caracal_cache_max_bytes", "store", "memory"));
        assertEquals("counter", metrics.types.get("caracal_cache_evictions_total"));
        assertEquals(12, metrics.value("caracal_cache_evictions_total", "store", "memory"));
        // A missing store has no numbers of its own, only its availability.
        for (String name : List.of("caracal_cache_entries", "caracal_cache_bytes", "caracal_cache_max_bytes",
                "caracal_cache_evictions_total")) {
            assertTrue(metrics.find(name, "store", "disk").isEmpty(), name);
        }
    }

    @Test
    void cacheSeriesFollowTheCore() throws Exception {
        core.caches.clear();
        core.caches.add(new CacheInfo("memory", "io.caracal.cache.memory 0.1.0", true,
                new CacheStats(1, 2, 3, 4, 5, 6), List.of(new CacheInfo.RouteCacheStats("default", 7, 8, 9, 10, 11))));
        PrometheusText metrics = scrape(false, false);
        assertEquals(7, metrics.value("caracal_cache_requests_total", "route", "default", "result", "hit"));
        assertEquals(8, metrics.value("caracal_cache_requests_total", "route", "default", "result", "miss"));
        assertEquals(11, metrics.value("caracal_cache_served_bytes_total", "route", "default"));
        assertEquals(6, metrics.value("caracal_cache_evictions_total", "store", "memory"));
        assertTrue(metrics.find("caracal_cache_requests_total", "route", "images").isEmpty());
        assertTrue(metrics.find("caracal_cache_store_available", "store", "disk").isEmpty());
    }

    @Test
    void noCacheSeriesWithoutCachesOrWithoutTheCore() throws Exception {
        core.caches.clear();
        PrometheusText metrics = scrape(false, false);
        assertTrue(metrics.samples.stream().noneMatch(s -> s.name().startsWith("caracal_cache_")));
        http.close();
        source.proxy = null;
        PrometheusText coreless = scrape(false, false);
        assertTrue(coreless.samples.stream().noneMatch(s -> s.name().startsWith("caracal_cache_")));
    }

    @Test
    void jvmMetricsComeAlong() throws Exception {
        PrometheusText metrics = scrape(false, true);
        assertTrue(metrics.types.containsKey("jvm_memory_used_bytes"), metrics.types.keySet().toString());
        assertTrue(metrics.types.containsKey("jvm_threads_current"));
        assertTrue(metrics.value("jvm_memory_used_bytes", "area", "heap") > 0);
        // Left out on purpose: its GC listener would outlive the bundle (see JvmCollectors).
        assertFalse(metrics.types.containsKey("jvm_memory_pool_allocated_bytes_total"));
    }

    @Test
    void metricsAuthRequiresTheConsoleCredentials() throws Exception {
        http = new JettyHarness().servlet(new MetricsServlet(source, TestCredentials.console(), true, false), "/metrics")
                .start();
        HttpResponse<String> anonymous = http.get("/metrics");
        assertEquals(401, anonymous.statusCode());
        assertEquals(BasicAuth.CHALLENGE, anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(200, http.get("/metrics", TestCredentials.auth()).statusCode());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
