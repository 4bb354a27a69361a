package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The distribution as shipped (only the ports changed): demo origins behind the default route. */
class DefaultConfigurationIT {

    /** The target is 3 s on 2 cores; this bound only catches hangs. */
    private static final Duration START_BOUND = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CaracalProcess caracal;
    private static Duration startToFirstRequest;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("default").start();
        startToFirstRequest = caracal.awaitServing("/");
        System.out.printf("Caracal start-to-first-served-request: %d ms (target < 3000 ms on 2 cores)%n",
                startToFirstRequest.toMillis());
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    @Test
    void startsAndServesItsFirstRequestInBoundedTime() {
        assertTrue(startToFirstRequest.compareTo(START_BOUND) < 0, "first request served "
                + startToFirstRequest.toMillis() + " ms after start; expected < " + START_BOUND.toMillis() + " ms");
    }

    @Test
    void requestsAlternateBetweenTheTwoDemoOrigins() throws Exception {
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = Http.get(caracal.url("/alternate/" + i));
            assertEquals(200, response.statusCode(), response.body());
            String origin = response.headers().firstValue("X-Demo-Origin").orElse(null);
            assertEquals(origin, JSON.readTree(response.body()).path("origin").asText(), "header and body name the same origin");
            origins.add(origin);
        }
        assertTrue(origins.containsAll(List.of("demo-1", "demo-2")), "both demo origins answered: " + origins);
        for (int i = 1; i < origins.size(); i++) {
            assertNotEquals(origins.get(i - 1), origins.get(i), "round-robin alternates: " + origins);
        }
    }

    @Test
    void originSeesForwardingHeadersAndAppendedXForwardedFor() throws Exception {
        HttpResponse<String> response = Http.get(caracal.url("/forwarded?x=1"), "X-Forwarded-For", "203.0.113.7");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode echo = JSON.readTree(response.body());
        Map<String, String> seen = headers(echo);
        String authority = "127.0.0.1:" + caracal.listenerPort();
        assertAll(
                () -> assertEquals("/forwarded", echo.path("path").asText()),
                () -> assertEquals("203.0.113.7, 127.0.0.1", seen.get("X-Forwarded-For"), "appended to, not replaced"),
                () -> assertEquals("http", seen.get("X-Forwarded-Proto")),
                () -> assertEquals(authority, seen.get("X-Forwarded-Host")),
                () -> assertNotNull(seen.get("Forwarded"), "Forwarded: " + seen),
                () -> assertTrue(seen.get("Forwarded").contains("for=127.0.0.1"), "Forwarded: " + seen.get("Forwarded")),
                () -> assertTrue(seen.get("Forwarded").contains("proto=http"), "Forwarded: " + seen.get("Forwarded")),
                () -> assertTrue(seen.get("Forwarded").contains("host=\"" + authority + "\""), "Forwarded: " + seen.get("Forwarded")),
                () -> assertNotNull(seen.get("Via"), "Via: " + seen),
                () -> assertTrue(seen.get("Via").startsWith("1.1 "), "Via names the client's HTTP version: " + seen.get("Via")),
                () -> assertEquals(authority, seen.get("Host"), "the default route preserves Host"));
    }

    @Test
    void hopByHopHeadersAreNotForwarded() throws Exception {
        Http.RawResponse response = Http.raw(caracal.listenerPort(), String.join("\r\n",
                "GET /hop-by-hop HTTP/1.1",
                "Host: 127.0.0.1:" + caracal.listenerPort(),
                "Connection: keep-alive, X-Secret-Hop",
                "X-Secret-Hop: 1",
                "Keep-Alive: timeout=5, max=100",
                "TE: trailers",
                "Proxy-Connection: keep-alive",
                "X-End-To-End: kept"), new byte[0]);
        assertEquals(200, response.status(), response.bodyText());
        Map<String, String> seen = headers(JSON.readTree(response.body()));
        assertAll(
                () -> assertEquals("kept", seen.get("X-End-To-End"), "end-to-end headers pass: " + seen),
                () -> assertFalse(seen.containsKey("X-Secret-Hop"), "listed in Connection: " + seen),
                () -> assertFalse(seen.containsKey("Keep-Alive"), "hop-by-hop: " + seen),
                () -> assertFalse(seen.containsKey("TE"), "hop-by-hop: " + seen),
                () -> assertFalse(seen.containsKey("Proxy-Connection"), "hop-by-hop: " + seen),
                () -> assertFalse(String.valueOf(seen.get("Connection")).toLowerCase().contains("x-secret-hop"),
                        "the client's Connection header is not forwarded: " + seen));
    }

    /** The headers the demo origin echoed, by case-insensitive name. */
    private static Map<String, String> headers(JsonNode echo) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, JsonNode> field : echo.path("headers").properties()) {
            headers.put(field.getKey(), field.getValue().asText());
        }
        return headers;
    }
}
