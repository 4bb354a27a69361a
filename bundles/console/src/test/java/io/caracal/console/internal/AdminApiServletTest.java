package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP: JSON shapes, authentication, CSRF and the actions. */
class AdminApiServletTest {

    private final FakeProxyStatus core = new FakeProxyStatus();
    private final FakeAdminSource source = FakeAdminSource.running(core);
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        http = new JettyHarness().servlet(new AdminApiServlet(source, TestCredentials.console()), AdminApiServlet.PATTERN)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals("application/json;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow()
                .toLowerCase().replace(" ", ""));
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void statusRendersEverythingAsObjects() throws Exception {
        HttpResponse<String> response = http.get("/api/v1/status", TestCredentials.auth());
        assertEquals(200, response.statusCode());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode status = json(response);

        JsonNode listener = status.at("/listeners/0");
        assertEquals("http", listener.get("name").asText());
        assertEquals(8080, listener.get("port").asInt());
        assertTrue(listener.get("open").asBoolean());
        assertTrue(listener.get("h2c").asBoolean());
        assertEquals(3, listener.get("connections").asLong());
        assertEquals(120, listener.get("acceptedConnections").asLong());

        JsonNode route = status.at("/routes/0");
        assertEquals("default", route.get("name").asText());
        assertEquals("/api", route.get("pathPrefix").asText());
        assertEquals("example.com", route.at("/hosts/0").asText());
        assertTrue(route.get("enabled").asBoolean());
        assertEquals("api-limit", route.at("/filters/1/name").asText());
        assertEquals("ratelimit", route.at("/filters/1/type").asText());
        assertEquals(5, route.at("/filters/1/rejected").asLong());
        assertEquals(32, route.at("/traffic/requests").asLong());
        assertEquals(20, route.at("/traffic/byStatusClass/1").asLong());
        assertEquals(0.05, route.at("/traffic/latency/upperBoundsSeconds/1").asDouble());

        JsonNode cluster = status.at("/clusters/0");
        assertEquals("api", cluster.get("name").asText());
        assertEquals("peak-ewma", cluster.get("strategy").asText());
        assertEquals("io.caracal.balancer.ewma 0.1.0", cluster.get("strategyProvider").asText());
        assertFalse(cluster.get("fallback").asBoolean());
        JsonNode upstream = cluster.at("/upstreams/1");
        assertEquals("10.0.0.6:8080", upstream.get("id").asText());
        assertFalse(upstream.get("healthy").asBoolean());
        assertEquals(12.5, upstream.get("latencyMillis").asDouble());
        assertEquals(2, upstream.get("inFlight").asInt());

        assertEquals(core.warnings.get(0), status.at("/warnings/0").asText());
        assertEquals("peak-ewma", status.at("/plugins/strategies/0/name").asText());
        assertEquals("io.caracal.balancer.ewma", status.at("/plugins/strategies/0/bundle").asText());
        assertEquals("0.1.0.SNAPSHOT", status.at("/plugins/strategies/0/version").asText());
        assertFalse(status.at("/plugins/strategies/0").has("type"), "only filters have a type");
        assertEquals("waf", status.at("/plugins/filters/1/type").asText());
        assertTrue(status.at("/plugins/cacheStores").isArray());
    }

    @Test
    void eachCollectionHasItsOwnResource() throws Exception {
        assertEquals("default", json(http.get("/api/v1/routes", TestCredentials.auth())).at("/0/name").asText());
        assertEquals("api", json(http.get("/api/v1/clusters", TestCredentials.auth())).at("/0/name").asText());
        assertEquals("http", json(http.get("/api/v1/listeners", TestCredentials.auth())).at("/0/name").asText());
        assertEquals(1, json(http.get("/api/v1/warnings", TestCredentials.auth())).size());
        JsonNode plugins = json(http.get("/api/v1/plugins", TestCredentials.auth()));
        assertEquals(List.of("strategies", "filters", "tlsContexts", "cacheStores"),
                List.copyOf(iterable(plugins.fieldNames())));
        assertEquals("default", plugins.at("/tlsContexts/0/name").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void withoutTheCoreItsResourcesAre503ButListenersAndPluginsStillAnswer() throws Exception {
        source.proxy = null;
        for (String path : List.of("/status", "/routes", "/clusters", "/caches", "/warnings")) {
            HttpResponse<String> response = http.get("/api/v1" + path, TestCredentials.auth());
            assertEquals(503, response.statusCode(), path);
            assertTrue(json(response).get("error").asText().contains("ProxyStatus"), path);
        }
        HttpResponse<String> drain = http.post("/api/v1/clusters/api/upstreams/10.0.0.5:8080/drain", TestCredentials.auth());
        assertEquals(503, drain.statusCode());
        HttpResponse<String> purge = http.post("/api/v1/caches/purge", TestCredentials.auth());
        assertEquals(503, purge.statusCode());
        assertEquals(AdminActions.CORE_MISSING, json(purge).get("error").asText());
        assertEquals(200, http.get("/api/v1/listeners", TestCredentials.auth()).statusCode());
        assertEquals(200, http.get("/api/v1/plugins", TestCredentials.auth()).statusCode());
    }

    @Test
    void withoutCredentialsItIs401WithABasicChallenge() throws Exception {
        HttpResponse<String> response = http.get("/api/v1/status");
        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"Caracal admin\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(json(response).get("error").asText().startsWith("authentication required"));
        assertEquals(401, http.post("/api/v1/routes/default/disable").statusCode());
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void wrongCredentialsAre401() throws Exception {
        assertEquals(401, http.get("/api/v1/status", "Authorization", JettyHarness.basic("admin", "wrong")).statusCode());
        assertEquals(401, http.get("/api/v1/status", "Authorization",
                JettyHarness.basic("root", Fixtures.PASSWORD)).statusCode());
        assertEquals(401, http.get("/api/v1/status", "Authorization", "Basic !!notbase64").statusCode());
        assertEquals(401, http.get("/api/v1/status", "Authorization", "Bearer abc").statusCode());
    }

    @Test
    void rightCredentialsAre200() throws Exception {
        assertEquals(200, http.get("/api/v1/status", TestCredentials.auth()).statusCode());
    }

    @Test
    void drainAndUndrainCallTheCoreAndAnswerTheNewState() throws Exception {
        HttpResponse<String> drained = http.post("/api/v1/clusters/api/upstreams/10.0.0.5:8080/drain",
                TestCredentials.auth());
        assertEquals(200, drained.statusCode());
        JsonNode body = json(drained);
        assertEquals("api", body.get("cluster").asText());
        assertEquals("10.0.0.5:8080", body.get("upstream").asText());
        assertTrue(body.get("drainedByOperator").asBoolean());
        assertTrue(body.at("/state/drained").asBoolean());
        assertEquals(List.of("setDrained api 10.0.0.5:8080 true"), core.calls);

        HttpResponse<String> undrained = http.post("/api/v1/clusters/api/upstreams/10.0.0.5%3A8080/undrain",
                TestCredentials.auth());
        assertEquals(200, undrained.statusCode());
        assertFalse(json(undrained).at("/state/drained").asBoolean());
        assertEquals("setDrained api 10.0.0.5:8080 false", core.calls.get(1));
    }

    @Test
    void disableAndEnableCallTheCoreAndAnswerTheNewState() throws Exception {
        HttpResponse<String> disabled = http.post("/api/v1/routes/default/disable", TestCredentials.auth());
        assertEquals(200, disabled.statusCode());
        JsonNode body = json(disabled);
        assertEquals(Map.of("route", "default", "enabled", false), Map.of("route", body.get("route").asText(),
                "enabled", body.get("enabled").asBoolean()));
        assertFalse(body.at("/state/enabled").asBoolean());
        HttpResponse<String> enabled = http.post("/api/v1/routes/default/enable", TestCredentials.auth());
        assertTrue(json(enabled).at("/state/enabled").asBoolean());
        assertEquals(List.of("setRouteEnabled default false", "setRouteEnabled default true"), core.calls);
    }

    @Test
    void unknownNamesAre404() throws Exception {
        HttpResponse<String> route = http.post("/api/v1/routes/nope/disable", TestCredentials.auth());
        assertEquals(404, route.statusCode());
        assertEquals("no route 'nope'", json(route).get("error").asText());
        assertEquals(404, http.post("/api/v1/clusters/nope/upstreams/10.0.0.5:8080/drain", TestCredentials.auth())
                .statusCode());
        assertEquals(404, http.post("/api/v1/clusters/api/upstreams/10.9.9.9:80/undrain", TestCredentials.auth())
                .statusCode());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertEquals(404, http.get("/api/v1/nothing", TestCredentials.auth()).statusCode());
        assertEquals(404, http.get("/api/v1/", TestCredentials.auth()).statusCode());
        assertEquals(404, http.post("/api/v1/routes/default/explode", TestCredentials.auth()).statusCode());
        HttpResponse<String> get = http.get("/api/v1/routes/default/disable", TestCredentials.auth());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> post = http.post("/api/v1/routes", TestCredentials.auth());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void foreignOriginIs403EvenWithCredentials() throws Exception {
        HttpResponse<String> response = http.post("/api/v1/routes/default/disable",
                TestCredentials.with("Origin", "https://evil.example"));
        assertEquals(403, response.statusCode());
        assertTrue(json(response).get("error").asText().startsWith("cross-origin request refused"));
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void sameOriginIsAllowed() throws Exception {
        assertEquals(200, http.post("/api/v1/routes/default/disable",
                TestCredentials.with("Origin", http.origin(), "Sec-Fetch-Site", "same-origin")).statusCode());
        assertEquals(200, http.post("/api/v1/routes/default/enable",
                TestCredentials.with("Referer", http.origin() + "/system/console/caracal")).statusCode());
    }

    @Test
    void crossSiteFetchMetadataIs403() throws Exception {
        assertEquals(403, http.post("/api/v1/routes/default/disable",
                TestCredentials.with("Sec-Fetch-Site", "cross-site")).statusCode());
        assertEquals(403, http.post("/api/v1/routes/default/disable",
                TestCredentials.with("Sec-Fetch-Site", "same-site", "Origin", http.origin())).statusCode());
        assertEquals(403, http.post("/api/v1/routes/default/disable",
                TestCredentials.with("Referer", "http://evil.example/page")).statusCode());
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void readsIgnoreOrigin() throws Exception {
        // A cross-origin GET changes nothing, and the browser's same-origin policy keeps the answer from the page.
        assertEquals(200, http.get("/api/v1/status", TestCredentials.with("Origin", "https://evil.example")).statusCode());
    }

    // ---------------------------------------------------------------- caches

    private static final String PURGE = "/api/v1/caches/purge";

    @Test
    void cachesListsEachStoreWithItsStatsAndRoutes() throws Exception {
        HttpResponse<String> response = http.get("/api/v1/caches", TestCredentials.auth());
        assertEquals(200, response.statusCode());
        JsonNode caches = json(response);
        assertEquals(2, caches.size());

        JsonNode memory = caches.get(0);
        assertEquals(List.of("name", "provider", "available", "stats", "routes"), iterable(memory.fieldNames()));
        assertEquals("memory", memory.get("name").asText());
        assertEquals("io.caracal.cache.memory 0.1.0", memory.get("provider").asText());
        assertTrue(memory.get("available").asBoolean());
        JsonNode stats = memory.get("stats");
        assertEquals(List.of("entries", "bytes", "maxBytes", "hits", "misses", "evictions"),
                iterable(stats.fieldNames()));
        assertEquals(120, stats.get("entries").asLong());
        assertEquals(3_500_000, stats.get("bytes").asLong());
        assertEquals(67_108_864, stats.get("maxBytes").asLong());
        assertEquals(900, stats.get("hits").asLong());
        assertEquals(300, stats.get("misses").asLong());
        assertEquals(12, stats.get("evictions").asLong());
        JsonNode images = memory.at("/routes/1");
        assertEquals(List.of("route", "hits", "misses", "revalidations", "stores", "bytesServed"),
                iterable(images.fieldNames()));
        assertEquals("images", images.get("route").asText());
        assertEquals(300, images.get("hits").asLong());
        assertEquals(50, images.get("misses").asLong());
        assertEquals(5, images.get("revalidations").asLong());
        assertEquals(45, images.get("stores").asLong());
        assertEquals(98_765_432, images.get("bytesServed").asLong());

        JsonNode disk = caches.get(1);
        assertEquals("disk", disk.get("name").asText());
        assertFalse(disk.get("available").asBoolean());
        assertTrue(disk.get("stats").isNull(), "a missing store has no stats");
        assertEquals("legacy", disk.at("/routes/0/route").asText());
        assertEquals(4, disk.at("/routes/0/misses").asLong());
        assertTrue(core.calls.isEmpty(), "reading purges nothing");
    }

    @Test
    void statusIncludesTheCaches() throws Exception {
        JsonNode status = json(http.get("/api/v1/status", TestCredentials.auth()));
        assertEquals(List.of("listeners", "routes", "clusters", "caches", "warnings", "plugins"),
                iterable(status.fieldNames()));
        assertEquals("memory", status.at("/caches/0/name").asText());
        assertEquals(600, status.at("/caches/0/routes/0/hits").asLong());
        assertTrue(status.at("/caches/1/stats").isNull());
    }

    @Test
    void noCachesIsAnEmptyList() throws Exception {
        core.caches.clear();
        assertEquals("[]", http.get("/api/v1/caches", TestCredentials.auth()).body());
        assertEquals(0, json(http.get("/api/v1/status", TestCredentials.auth())).get("caches").size());
    }

    @Test
    void purgeWithoutParametersPurgesEverything() throws Exception {
        HttpResponse<String> response = http.post(PURGE, TestCredentials.auth());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(List.of("purged", "route", "prefix"), iterable(body.fieldNames()));
        assertEquals(FakeProxyStatus.PURGED, body.get("purged").asLong());
        assertTrue(body.get("route").isNull());
        assertTrue(body.get("prefix").isNull());
        assertEquals(List.of("purge null null"), core.calls);
    }

    @Test
    void purgePassesRouteAndPrefixToTheCore() throws Exception {
        JsonNode route = json(http.post(PURGE + "?route=images", TestCredentials.auth()));
        assertEquals("images", route.get("route").asText());
        assertTrue(route.get("prefix").isNull());
        assertEquals(FakeProxyStatus.PURGED, route.get("purged").asLong());

        JsonNode prefix = json(http.post(PURGE + "?prefix=https%3A%2F%2Fexample.com%2Fimages%2F",
                TestCredentials.auth()));
        assertTrue(prefix.get("route").isNull());
        assertEquals("https://example.com/images/", prefix.get("prefix").asText());

        JsonNode both = json(http.post(PURGE + "?route=default&prefix=http://example.com/api/v2?x=1%26y=2",
                TestCredentials.auth()));
        assertEquals("default", both.get("route").asText());
        assertEquals("http://example.com/api/v2?x=1&y=2", both.get("prefix").asText());

        // Empty values mean "not given": everything.
        assertEquals(200, http.post(PURGE + "?route=&prefix=", TestCredentials.auth()).statusCode());

        // curl --data-urlencode: the parameters in a form body.
        HttpResponse<String> form = http.send(http.request(PURGE).headers(TestCredentials.with("Content-Type",
                "application/x-www-form-urlencoded")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "prefix=https%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D2")));
        assertEquals("https://example.com/a?b=1&c=2", json(form).get("prefix").asText());

        assertEquals(List.of("purge images null", "purge null https://example.com/images/",
                "purge default http://example.com/api/v2?x=1&y=2", "purge null null",
                "purge null https://example.com/a?b=1&c=2"), core.calls);
    }

    @Test
    void purgeReportsWhatTheCoreCounted() throws Exception {
        core.purgeHandler = (route, prefix) -> CompletableFuture.completedFuture(0L);
        assertEquals(0, json(http.post(PURGE + "?route=default", TestCredentials.auth())).get("purged").asLong());
        core.purgeHandler = (route, prefix) -> CompletableFuture.completedFuture(5_000_000_000L);
        assertEquals(5_000_000_000L, json(http.post(PURGE, TestCredentials.auth())).get("purged").asLong());
    }

    @Test
    void purgeOfAnUnknownRouteIs404() throws Exception {
        // The fake fails a dependent stage: the IllegalArgumentException arrives wrapped.
        HttpResponse<String> response = http.post(PURGE + "?route=nope", TestCredentials.auth());
        assertEquals(404, response.statusCode());
        assertEquals(Map.of("error", "no route 'nope'"), Json.MAPPER.convertValue(json(response), Map.class));
        assertEquals(List.of("purge nope null"), core.calls);

        // The same when the core fails the stage directly, or throws before making one.
        core.purgeHandler = (route, prefix) -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown"));
        assertEquals("no route 'x'", json(http.post(PURGE + "?route=x&prefix=https://h/", TestCredentials.auth()))
                .get("error").asText());
        core.purgeHandler = (route, prefix) -> {
            throw new IllegalArgumentException("unknown");
        };
        assertEquals(404, http.post(PURGE + "?route=y", TestCredentials.auth()).statusCode());
    }

    @Test
    void purgeFailuresAre500WithTheReason() throws Exception {
        core.purgeHandler = (route, prefix) -> CompletableFuture.failedFuture(new IllegalStateException("store closed"));
        HttpResponse<String> response = http.post(PURGE, TestCredentials.auth());
        assertEquals(500, response.statusCode());
        assertTrue(json(response).get("error").asText().contains("store closed"), response.body());
        // An IllegalArgumentException without a route named is no missing route.
        core.purgeHandler = (route, prefix) -> CompletableFuture.failedFuture(new IllegalArgumentException("bad prefix"));
        HttpResponse<String> refused = http.post(PURGE + "?prefix=https://h/", TestCredentials.auth());
        assertEquals(400, refused.statusCode());
        assertEquals("purge refused: bad prefix", json(refused).get("error").asText());
    }

    @Test
    void purgeWaitsForTheCore() throws Exception {
        // The core answers on another thread, 300 ms after it was asked.
        core.purgeHandler = (route, prefix) -> {
            CompletableFuture<Long> later = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> later.complete(3L));
            return later;
        };
        long start = System.nanoTime();
        HttpResponse<String> response = http.post(PURGE + "?route=default", TestCredentials.auth());
        assertEquals(200, response.statusCode());
        assertEquals(3, json(response).get("purged").asLong());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "answered once the core was done");
    }

    @Test
    void purgeTakingTooLongIs504AndGoesOn() throws Exception {
        CompletableFuture<Long> never = new CompletableFuture<>();
        core.purgeHandler = (route, prefix) -> never;
        try (JettyHarness quick = new JettyHarness()
                .servlet(new AdminApiServlet(source, TestCredentials.console(), Duration.ofMillis(200)),
                        AdminApiServlet.PATTERN)
                .start()) {
            long start = System.nanoTime();
            HttpResponse<String> response = quick.post(PURGE, TestCredentials.auth());
            assertEquals(504, response.statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
            assertEquals("the purge did not finish within 200 ms; it goes on in the background",
                    json(response).get("error").asText());
            assertFalse(never.isDone(), "the core's purge is not cancelled");
        }
    }

    @Test
    void purgeRefusesUnknownRepeatedOrPathOnlyParameters() throws Exception {
        HttpResponse<String> misspelt = http.post(PURGE + "?url=https://example.com/", TestCredentials.auth());
        assertEquals(400, misspelt.statusCode());
        assertEquals("unknown parameter 'url': a purge takes only 'route' and 'prefix'",
                json(misspelt).get("error").asText());
        assertEquals(400, http.post(PURGE + "?route=default&route=images", TestCredentials.auth()).statusCode());
        HttpResponse<String> path = http.post(PURGE + "?prefix=/images/", TestCredentials.auth());
        assertEquals(400, path.statusCode());
        assertTrue(json(path).get("error").asText().contains("scheme://host/path?query"));
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void purgeNeedsCredentialsAndTheAdminOrigin() throws Exception {
        assertEquals(401, http.post(PURGE).statusCode());
        assertEquals(401, http.post(PURGE, "Authorization", JettyHarness.basic("admin", "wrong")).statusCode());
        HttpResponse<String> foreign = http.post(PURGE + "?route=default",
                TestCredentials.with("Origin", "https://evil.example"));
        assertEquals(403, foreign.statusCode());
        assertTrue(json(foreign).get("error").asText().startsWith("cross-origin request refused"));
        assertEquals(403, http.post(PURGE, TestCredentials.with("Sec-Fetch-Site", "cross-site")).statusCode());
        assertEquals(403, http.post(PURGE, TestCredentials.with("Referer", "http://evil.example/page")).statusCode());
        assertTrue(core.calls.isEmpty());
        assertEquals(200, http.post(PURGE, TestCredentials.with("Origin", http.origin(), "Sec-Fetch-Site",
                "same-origin")).statusCode());
        assertEquals(List.of("purge null null"), core.calls);
    }

    @Test
    void purgeIsAPostAndCachesAreReadOnly() throws Exception {
        HttpResponse<String> get = http.get(PURGE, TestCredentials.auth());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> post = http.post("/api/v1/caches", TestCredentials.auth());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(404, http.post("/api/v1/caches/memory/purge", TestCredentials.auth()).statusCode());
        assertTrue(core.calls.isEmpty());
    }
}
