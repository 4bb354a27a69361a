package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Liveness and readiness, without credentials. */
class HealthServletTest {

    private final FakeAdminSource source = FakeAdminSource.running(new FakeProxyStatus());
    private final AtomicBoolean frameworkRunning = new AtomicBoolean(true);
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        http = new JettyHarness().servlet(new HealthServlet(source, frameworkRunning::get), "/health/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void liveWhileTheFrameworkRuns() throws Exception {
        HttpResponse<String> response = http.get("/health/live");
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
        frameworkRunning.set(false);
        HttpResponse<String> stopping = http.get("/health/live");
        assertEquals(503, stopping.statusCode());
        assertEquals("DOWN", json(stopping).get("status").asText());
    }

    @Test
    void readyWithTheCoreAndAnOpenListener() throws Exception {
        HttpResponse<String> response = http.get("/health/ready");
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
    }

    @Test
    void notReadyWithoutTheCore() throws Exception {
        source.proxy = null;
        HttpResponse<String> response = http.get("/health/ready");
        assertEquals(503, response.statusCode());
        JsonNode body = json(response);
        assertEquals("DOWN", body.get("status").asText());
        assertEquals(List.of(AdminActions.CORE_MISSING), List.of(body.at("/reasons/0").asText()));
        assertEquals(1, body.get("reasons").size());
    }

    @Test
    void notReadyWithoutAnOpenListener() throws Exception {
        source.listeners.clear();
        assertEquals("no listener is configured", json(http.get("/health/ready")).at("/reasons/0").asText());
        source.listeners.add(Fixtures.listener("https", 8443, false));
        HttpResponse<String> response = http.get("/health/ready");
        assertEquals(503, response.statusCode());
        assertEquals("no listener is open", json(response).at("/reasons/0").asText());
        source.listeners.add(Fixtures.listener("http", 8080, true));
        assertEquals(200, http.get("/health/ready").statusCode());
    }

    @Test
    void bothReasonsAreGiven() throws Exception {
        source.proxy = null;
        source.listeners.clear();
        assertEquals(2, json(http.get("/health/ready")).get("reasons").size());
    }

    @Test
    void unknownCheckIs404() throws Exception {
        assertEquals(404, http.get("/health/whatever").statusCode());
    }
}
