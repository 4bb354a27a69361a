package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The management plane of the running distribution: the admin REST API (auth, CSRF, reads and
 * actions), Prometheus metrics, health endpoints and the access log.
 */
class ManagementIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("management");
        caracal.updateConfig(CaracalProcess.LISTENER_CFG, java.util.Map.of("health.path", "/healthz"));
        caracal.start();
        caracal.awaitServing("/");
        caracal.awaitConsole();
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    private static String auth() {
        return Http.basicAuth("admin", caracal.adminPassword());
    }

    private static HttpResponse<String> api(String path) throws Exception {
        return Http.get(caracal.adminUrl("/api/v1" + path), "Authorization", auth());
    }

    private static HttpResponse<String> post(String path, String... headers) throws Exception {
        HttpRequest.Builder request = Http.request(caracal.adminUrl(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Http.send(request.build());
    }

    @Test
    void theAdminApiNeedsTheConsoleCredentials() throws Exception {
        HttpResponse<String> anonymous = Http.get(caracal.adminUrl("/api/v1/status"));
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, Http.get(caracal.adminUrl("/api/v1/status"), "Authorization",
                Http.basicAuth("admin", "wrong")).statusCode());
        assertEquals(401, post("/api/v1/routes/default/disable").statusCode());
    }

    @Test
    void theStatusShowsListenersRoutesClustersAndPlugins() throws Exception {
        HttpResponse<String> response = api("/status");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode status = JSON.readTree(response.body());

        Set<String> listeners = names(status.path("listeners"));
        assertTrue(listeners.contains("default"), response.body());
        JsonNode route = find(status.path("routes"), "default");
        assertEquals("demo", route.path("cluster").asText());
        JsonNode demo = find(status.path("clusters"), "demo");
        assertEquals(2, demo.path("upstreams").size(), demo.toString());
        for (JsonNode upstream : demo.path("upstreams")) {
            assertTrue(upstream.path("healthy").asBoolean(), upstream.toString());
        }
        assertTrue(response.body().contains("round-robin"), "the installed strategies are listed");
    }

    @Test
    void drainingAnUpstreamThroughTheApiSendsItNoNewRequests() throws Exception {
        JsonNode demo = find(JSON.readTree(api("/clusters").body()), "demo");
        String first = demo.path("upstreams").get(0).path("id").asText();

        HttpResponse<String> foreign = post("/api/v1/clusters/demo/upstreams/" + first + "/drain",
                "Authorization", auth(), "Origin", "https://evil.example");
        assertEquals(403, foreign.statusCode(), "a cross-site request is refused: " + foreign.body());

        HttpResponse<String> drained = post("/api/v1/clusters/demo/upstreams/" + first + "/drain", "Authorization", auth());
        assertEquals(200, drained.statusCode(), drained.body());
        try {
            Set<String> origins = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                origins.add(Http.get(caracal.url("/drain-check")).headers().firstValue("X-Demo-Origin").orElse("?"));
            }
            assertEquals(1, origins.size(), "only the other upstream answers: " + origins);
            JsonNode upstream = find(JSON.readTree(api("/clusters").body()), "demo").path("upstreams").get(0);
            assertTrue(upstream.path("drainedByOperator").asBoolean(), upstream.toString());
        } finally {
            assertEquals(200, post("/api/v1/clusters/demo/upstreams/" + first + "/undrain", "Authorization", auth())
                    .statusCode());
        }
        assertEquals(404, post("/api/v1/clusters/demo/upstreams/10.9.9.9:1/drain", "Authorization", auth()).statusCode());
    }

    @Test
    void aDisabledRouteAnswers503UntilEnabled() throws Exception {
        assertEquals(200, post("/api/v1/routes/default/disable", "Authorization", auth()).statusCode());
        try {
            HttpResponse<String> disabled = Http.get(caracal.url("/off"));
            assertEquals(503, disabled.statusCode());
            assertTrue(disabled.body().contains("disabled"), disabled.body());
        } finally {
            assertEquals(200, post("/api/v1/routes/default/enable", "Authorization", auth()).statusCode());
        }
        assertEquals(200, Http.get(caracal.url("/on")).statusCode());
    }

    @Test
    void theWebConsoleRefusesCrossSitePosts() throws Exception {
        HttpResponse<String> foreign = post("/system/console/bundles", "Authorization", auth(),
                "Origin", "https://evil.example", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(403, foreign.statusCode(), foreign.body());
    }

    @Test
    void metricsCountRequestsInPrometheusText() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, Http.get(caracal.url("/metrics-check")).statusCode());
        }
        HttpResponse<String> metrics = Http.get(caracal.adminUrl("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        long routeRequests = text.lines()
                .filter(line -> line.startsWith("caracal_route_requests_total{") && line.contains("route=\"default\"")
                        && line.contains("status_class=\"2xx\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        assertTrue(routeRequests >= 5, "2xx requests of route default: " + routeRequests);
        assertTrue(text.contains("caracal_upstream_healthy{"), "upstream health");
        assertTrue(text.contains("caracal_listener_connections{"), "listener connections");
        assertTrue(text.contains("caracal_route_request_duration_seconds_bucket{"), "latency histogram");
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM basics");
    }

    @Test
    void healthEndpointsAnswerWithoutCredentials() throws Exception {
        assertEquals(200, Http.get(caracal.adminUrl("/health/live")).statusCode());
        HttpResponse<String> ready = Http.get(caracal.adminUrl("/health/ready"));
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> listenerProbe = Http.get(caracal.url("/healthz"));
        assertEquals(200, listenerProbe.statusCode());
        assertEquals("no-store", listenerProbe.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void requestsAreWrittenToTheAccessLog() throws Exception {
        String marker = "/logged-" + UUID.randomUUID();
        assertEquals(200, Http.get(caracal.url(marker), "User-Agent", "management-it").statusCode());
        Path logs = caracal.home().resolve("logs");
        String line = Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the access log line of " + marker, () -> {
            try (Stream<Path> files = Files.list(logs)) {
                return files.filter(file -> file.getFileName().toString().startsWith("access-default."))
                        .flatMap(file -> {
                            try {
                                return Files.readAllLines(file).stream();
                            } catch (java.io.IOException e) {
                                return Stream.empty();
                            }
                        })
                        .filter(candidate -> candidate.contains(marker)).findFirst().orElse(null);
            }
        }, found -> found != null);
        assertTrue(line.startsWith("127.0.0.1 - - ["), line);
        assertTrue(line.contains("\"GET " + marker + " HTTP/1.1\" 200 "), line);
        assertTrue(line.endsWith("\"management-it\""), line);
        assertFalse(line.contains("healthz"));
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new HashSet<>();
        array.forEach(node -> names.add(node.path("name").asText()));
        return names;
    }

    private static JsonNode find(JsonNode array, String name) {
        for (JsonNode node : array) {
            if (name.equals(node.path("name").asText())) {
                return node;
            }
        }
        throw new AssertionError("no '" + name + "' in " + array);
    }
}
