package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

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
        for (String path : List.of("/status", "/routes", "/clusters", "/warnings")) {
            HttpResponse<String> response = http.get("/api/v1" + path, TestCredentials.auth());
            assertEquals(503, response.statusCode(), path);
            assertTrue(json(response).get("error").asText().contains("ProxyStatus"), path);
        }
        HttpResponse<String> drain = http.post("/api/v1/clusters/api/upstreams/10.0.0.5:8080/drain", TestCredentials.auth());
        assertEquals(503, drain.statusCode());
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
}
