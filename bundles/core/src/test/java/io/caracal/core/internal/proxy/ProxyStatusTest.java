package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.FilterInfo;
import io.caracal.api.admin.LatencyHistogram;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.TrafficStats;
import io.caracal.api.admin.UpstreamInfo;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.http.RequestView;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.status.ProxyStatusComponent;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The management view over real loopback HTTP: traffic counters of routes, clusters and upstreams,
 * latency histograms, operator drains and route disables, and the request attributes for access logs.
 */
class ProxyStatusTest extends ProxyTestSupport {

    private ProxyStatusComponent status;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** The attributes of the last request the proxy completed, by path. */
    private final Map<String, Map<String, Object>> attributes = new ConcurrentHashMap<>();

    @BeforeEach
    void startStatus() {
        status = new ProxyStatusComponent(router);
    }

    @Override
    protected void completed(Request request) {
        Map<String, Object> seen = new HashMap<>();
        for (String name : List.of(RequestView.ROUTE_ATTRIBUTE, RequestView.CLUSTER_ATTRIBUTE,
                RequestView.UPSTREAM_ATTRIBUTE)) {
            Object value = request.getAttribute(name);
            if (value != null) {
                seen.put(name, value);
            }
        }
        attributes.put(request.getHttpURI().getPath(), seen);
    }

    /** An origin that answers 404 for paths containing "missing" and 200 otherwise. */
    private int origin(String name) throws Exception {
        AtomicInteger count = hits.computeIfAbsent(name, key -> new AtomicInteger());
        return startServer(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                count.incrementAndGet();
                response.setStatus(request.getHttpURI().getPath().contains("missing") ? 404 : 200);
                Content.Sink.write(response, true, name, callback);
                return true;
            }
        });
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void cluster(String name, String upstreams, String... extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("name", name);
        properties.put("upstreams", upstreams);
        for (int i = 0; i < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        router.putCluster("cluster~" + name, ClusterSpec.parse(properties));
    }

    private void route(String name, String prefix, String cluster, String... extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("name", name);
        properties.put("path.prefix", prefix);
        properties.put("cluster", cluster);
        for (int i = 0; i < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        router.putRoute("route~" + name, RouteSpec.parse(properties));
    }

    private ContentResponse get(String path) throws Exception {
        return client.newRequest("127.0.0.1", proxyPort).path(path).timeout(10, TimeUnit.SECONDS).send();
    }

    private RouteInfo routeInfo(String name) {
        return status.routes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private ClusterInfo clusterInfo(String name) {
        return status.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private UpstreamInfo upstreamInfo(String cluster, int port) {
        return clusterInfo(cluster).upstreams().stream().filter(u -> u.id().equals("127.0.0.1:" + port))
                .findFirst().orElseThrow();
    }

    /** Counters are written when the proxy completes the request, which may be just after the client has the answer. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void assertTraffic(TrafficStats traffic, long requests, List<Long> byClass, long failures) {
        assertEquals(requests, traffic.requests(), "requests of " + traffic);
        assertEquals(byClass, traffic.byStatusClass(), "status classes of " + traffic);
        assertEquals(failures, traffic.failures(), "failures of " + traffic);
        assertConsistent(traffic.latency(), requests);
    }

    private static void assertConsistent(LatencyHistogram latency, long count) {
        assertEquals(13, latency.upperBoundsSeconds().size());
        assertEquals(0.001, latency.upperBoundsSeconds().get(0));
        assertEquals(10.0, latency.upperBoundsSeconds().get(12));
        assertEquals(count, latency.count());
        assertEquals(count, latency.cumulativeCounts().get(13), "+Inf holds every observation");
        for (int i = 1; i < latency.cumulativeCounts().size(); i++) {
            assertTrue(latency.cumulativeCounts().get(i) >= latency.cumulativeCounts().get(i - 1), "cumulative");
        }
        assertTrue(count == 0 ? latency.sumSeconds() == 0 : latency.sumSeconds() > 0, "sum " + latency.sumSeconds());
        // Observations up to the bound at index i sum to at most count(i) * bound(i), those above to at most the total.
        double lowerBoundOfSum = 0;
        for (int i = 0; i < 13; i++) {
            long above = count - latency.cumulativeCounts().get(i);
            lowerBoundOfSum = Math.max(lowerBoundOfSum, above * latency.upperBoundsSeconds().get(i));
        }
        assertTrue(latency.sumSeconds() >= lowerBoundOfSum, "sum " + latency.sumSeconds() + " fits the buckets");
    }

    @Test
    void countsAnswersByStatusClassPerRouteClusterAndUpstream() throws Exception {
        int live = origin("live");
        int dead = closedPort();
        cluster("c", "127.0.0.1:" + live);
        cluster("dead", "127.0.0.1:" + dead);
        route("app", "/app", "c");
        route("broken", "/broken", "dead");

        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/app/ok").getStatus());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(404, get("/app/missing").getStatus());
        }
        assertEquals(502, get("/broken/x").getStatus());
        assertEquals(404, get("/nowhere").getStatus());
        await("all requests counted", () -> routeInfo("app").traffic().requests() == 5
                && routeInfo("broken").traffic().requests() == 1 && router.unmatched() == 1);
        double elapsedSeconds = (System.nanoTime() - started) / 1e9;

        RouteInfo app = routeInfo("app");
        assertTraffic(app.traffic(), 5, List.of(0L, 3L, 0L, 2L, 0L), 0);
        assertTrue(app.traffic().latency().sumSeconds() <= elapsedSeconds);
        ClusterInfo c = clusterInfo("c");
        assertTraffic(c.traffic(), 5, List.of(0L, 3L, 0L, 2L, 0L), 0);
        assertEquals(app.traffic().latency(), c.traffic().latency(), "the same request, timed once");
        UpstreamInfo upstream = upstreamInfo("c", live);
        assertTraffic(upstream.traffic(), 5, List.of(0L, 3L, 0L, 2L, 0L), 0);
        assertTrue(upstream.traffic().latency().sumSeconds() <= app.traffic().latency().sumSeconds(),
                "an attempt is part of its request");
        assertEquals(0, upstream.inFlight());
        assertTrue(upstream.latencyMillis() > 0);

        // The proxy's own 502: a failure on the route and cluster, and a status-less failure upstream.
        assertTraffic(routeInfo("broken").traffic(), 1, List.of(0L, 0L, 0L, 0L, 1L), 1);
        assertTraffic(clusterInfo("dead").traffic(), 1, List.of(0L, 0L, 0L, 0L, 1L), 1);
        assertTraffic(upstreamInfo("dead", dead).traffic(), 1, List.of(0L, 0L, 0L, 0L, 0L), 1);

        assertEquals(1, router.unmatched(), "a request no route matched is counted on none");
        assertEquals(List.of("c", "dead"), status.clusters().stream().map(ClusterInfo::name).toList());
        assertEquals("round-robin", c.strategy());
        assertTrue(c.fallback(), "no strategy service is bound in this test");
        assertEquals("", c.strategyProvider());
        assertNull(c.unavailableReason());
        assertTrue(status.warnings().stream().anyMatch(w -> w.contains("round-robin")), status.warnings().toString());
    }

    @Test
    void aFilterRejectionCountsOnTheRouteButNotOnTheCluster() throws Exception {
        int live = origin("live");
        cluster("c", "127.0.0.1:" + live);
        router.bindFilter(filterReference("office-only", "ip-access"), context -> FilterDecision.reject(403, "not here"));
        route("app", "/", "c", "filters", "office-only, absent");

        assertEquals(403, get("/x").getStatus());
        await("the rejection counted", () -> routeInfo("app").traffic().requests() == 1);

        RouteInfo app = routeInfo("app");
        assertTraffic(app.traffic(), 1, List.of(0L, 0L, 0L, 1L, 0L), 0);
        assertTraffic(clusterInfo("c").traffic(), 0, List.of(0L, 0L, 0L, 0L, 0L), 0);
        assertTraffic(upstreamInfo("c", live).traffic(), 0, List.of(0L, 0L, 0L, 0L, 0L), 0);
        assertEquals(0, hits.get("live").get());
        assertEquals(List.of(new FilterInfo("office-only", "ip-access", "test.filters 1.2.3", true, 0, 1, 0),
                new FilterInfo("absent", "", "", false, 0, 0, 0)), app.filters());
        assertEquals(Map.of(RequestView.ROUTE_ATTRIBUTE, "app"), attributes.get("/x"),
                "a rejected request names its route only");
    }

    @Test
    void countersSurviveConfigurationChanges() throws Exception {
        int live = origin("live");
        cluster("c", "127.0.0.1:" + live);
        route("app", "/", "c");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/x").getStatus());
        }
        await("three requests counted", () -> routeInfo("app").traffic().requests() == 3);

        // An unrelated cluster and route, then a change to the cluster itself: each builds a new snapshot.
        cluster("other", "127.0.0.1:" + closedPort());
        route("other", "/other", "other");
        cluster("c", "127.0.0.1:" + live, "connect.timeout.ms", "1234");
        route("app", "/", "c", "host.header", "upstream");

        assertTraffic(routeInfo("app").traffic(), 3, List.of(0L, 3L, 0L, 0L, 0L), 0);
        assertTraffic(clusterInfo("c").traffic(), 3, List.of(0L, 3L, 0L, 0L, 0L), 0);
        assertTraffic(upstreamInfo("c", live).traffic(), 3, List.of(0L, 3L, 0L, 0L, 0L), 0);
        assertEquals(200, get("/x").getStatus());
        await("the fourth request counted", () -> clusterInfo("c").traffic().requests() == 4);

        // A route that goes away takes its counters with it.
        router.removeRoute("route~app");
        route("app", "/", "c");
        assertEquals(0, routeInfo("app").traffic().requests());
    }

    @Test
    void anOperatorDrainMovesNewTrafficToTheOtherUpstreamAndUndrainBringsItBack() throws Exception {
        int a = origin("a");
        int b = origin("b");
        cluster("c", "127.0.0.1:" + a + ", 127.0.0.1:" + b);
        route("app", "/", "c");

        assertTrue(status.setDrained("c", "127.0.0.1:" + a, true));
        UpstreamInfo drained = upstreamInfo("c", a);
        assertTrue(drained.drained());
        assertTrue(drained.drainedByOperator());
        assertTrue(drained.healthy(), "drained is not unhealthy");
        for (int i = 0; i < 6; i++) {
            assertEquals(200, get("/x").getStatus());
        }
        assertEquals(0, hits.get("a").get());
        assertEquals(6, hits.get("b").get());

        // The drain holds across a reload of the cluster.
        cluster("c", "127.0.0.1:" + a + ", 127.0.0.1:" + b, "connect.timeout.ms", "1234");
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("/x").getStatus());
        }
        assertEquals(0, hits.get("a").get());
        assertTrue(upstreamInfo("c", a).drainedByOperator());

        assertTrue(status.setDrained("c", "http://127.0.0.1:" + a, false), "the scheme-qualified name works too");
        assertFalse(upstreamInfo("c", a).drained());
        for (int i = 0; i < 6; i++) {
            assertEquals(200, get("/x").getStatus());
        }
        assertEquals(3, hits.get("a").get(), "round-robin shares the traffic again");
    }

    @Test
    void aConfiguredDrainStaysWhenTheOperatorUndrains() throws Exception {
        int a = origin("a");
        int b = origin("b");
        cluster("c", "127.0.0.1:" + a + " drain, 127.0.0.1:" + b);
        route("app", "/", "c");

        assertTrue(status.setDrained("c", "127.0.0.1:" + a, false));
        UpstreamInfo info = upstreamInfo("c", a);
        assertTrue(info.drained());
        assertFalse(info.drainedByOperator());
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("/x").getStatus());
        }
        assertEquals(0, hits.get("a").get());
    }

    @Test
    void aDisabledRouteAnswers503WithTheReasonAndEnablingRestoresIt() throws Exception {
        int live = origin("live");
        cluster("c", "127.0.0.1:" + live);
        route("api", "/api", "c");
        route("catch-all", "/", "c");

        assertTrue(status.setRouteEnabled("api", false));
        assertFalse(routeInfo("api").enabled());
        ContentResponse refused = get("/api/x");
        assertEquals(503, refused.getStatus());
        assertEquals("503 Service Unavailable: route 'api' is disabled by an operator\n", refused.getContentAsString());
        assertEquals(0, hits.get("live").get(), "no fall-through to the catch-all route");
        await("the 503 counted", () -> routeInfo("api").traffic().requests() == 1);
        assertTraffic(routeInfo("api").traffic(), 1, List.of(0L, 0L, 0L, 0L, 1L), 1);
        assertEquals(0, routeInfo("catch-all").traffic().requests());
        assertEquals(0, clusterInfo("c").traffic().requests());

        // Still disabled after a reload of the route.
        route("api", "/api", "c", "host.header", "upstream");
        assertEquals(503, get("/api/y").getStatus());

        assertTrue(status.setRouteEnabled("api", true));
        assertTrue(routeInfo("api").enabled());
        assertEquals(200, get("/api/z").getStatus());
        assertEquals(1, hits.get("live").get());
    }

    @Test
    void unknownNamesReturnFalseAndADisableEndsWithItsRoute() throws Exception {
        int live = origin("live");
        cluster("c", "127.0.0.1:" + live);
        route("app", "/", "c");

        assertFalse(status.setDrained("nope", "127.0.0.1:" + live, true));
        assertFalse(status.setDrained("c", "127.0.0.1:1", true));
        assertFalse(status.setDrained("c", null, true));
        assertFalse(status.setRouteEnabled("nope", false));
        assertFalse(upstreamInfo("c", live).drained());

        assertTrue(status.setRouteEnabled("app", false));
        router.removeRoute("route~app");
        assertFalse(status.setRouteEnabled("app", true), "gone");
        route("app", "/", "c");
        assertTrue(routeInfo("app").enabled(), "a route configured anew starts enabled");
        assertEquals(200, get("/x").getStatus());
    }

    @Test
    void requestAttributesNameTheRouteTheClusterAndTheLastUpstreamTried() throws Exception {
        int live = origin("live");
        // Whichever upstream round-robin picks first, the request ends on the live one.
        cluster("c", "127.0.0.1:" + closedPort() + ", 127.0.0.1:" + live);
        route("app", "/", "c");
        route("nothing", "/nothing", "not-configured");

        for (String path : List.of("/one", "/two")) {
            assertEquals(200, get(path).getStatus());
            await("completion of " + path, () -> attributes.containsKey(path));
            assertEquals(Map.of(RequestView.ROUTE_ATTRIBUTE, "app", RequestView.CLUSTER_ATTRIBUTE, "c",
                    RequestView.UPSTREAM_ATTRIBUTE, "127.0.0.1:" + live), attributes.get(path));
        }

        assertEquals(503, get("/nothing").getStatus());
        await("completion of /nothing", () -> attributes.containsKey("/nothing"));
        assertEquals(Map.of(RequestView.ROUTE_ATTRIBUTE, "nothing"), attributes.get("/nothing"));
        assertFalse(routeInfo("nothing").clusterConfigured());

        router.removeRoute("route~app");
        assertEquals(404, get("/three").getStatus());
        await("completion of /three", () -> attributes.containsKey("/three"));
        assertEquals(Map.of(), attributes.get("/three"));
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<RequestFilter> filterReference(String name, String type) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.filters";
                    case "getVersion" -> new Version(1, 2, 3);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = Map.of(RequestFilter.NAME_PROPERTY, name, RequestFilter.TYPE_PROPERTY, type,
                "service.ranking", 0, "service.id", 1L);
        return (ServiceReference<RequestFilter>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    case "compareTo" -> 0;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "reference to filter " + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
