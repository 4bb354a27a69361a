package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every error the proxy produces itself: the status, and a short text/plain body that names the
 * cause and carries no stack trace.
 */
class ErrorResponsesIT {

    private static final int MAX_BODY_SIZE = 4096;
    private static final long SLOW_ORIGIN_DELAY_MILLIS = 5000;
    private static final long TIMEOUT_MILLIS = 500;

    private static TestOrigin slowOrigin;
    private static GarbageOrigin garbageOrigin;
    private static int closedPort;
    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        slowOrigin = TestOrigin.start("slow");
        garbageOrigin = GarbageOrigin.start();
        closedPort = FreePorts.allocate(); // nothing listens there

        caracal = CaracalProcess.create("errors");
        caracal.updateConfig(CaracalProcess.LISTENER_CFG, Map.of("max.body.size", Integer.toString(MAX_BODY_SIZE)));
        // The default route takes only /demo/, so other paths can miss every route.
        caracal.updateConfig(CaracalProcess.ROUTE_CFG, Map.of("path.prefix", "/demo/"));
        cluster("closed", "http://127.0.0.1:" + closedPort, "connect.timeout.ms = 2000");
        cluster("garbage", garbageOrigin.url());
        cluster("slow-request", slowOrigin.url(), "request.timeout.ms = " + TIMEOUT_MILLIS);
        cluster("slow-idle", slowOrigin.url(), "idle.timeout.ms = " + TIMEOUT_MILLIS);
        route("closed", "/closed/", "closed");
        route("garbage", "/garbage/", "garbage");
        route("unconfigured", "/unconfigured/", "ghost");
        route("slow-request", "/slow-request/", "slow-request");
        route("slow-idle", "/slow-idle/", "slow-idle");
        caracal.start().awaitServing("/demo/");
    }

    private static void cluster(String name, String upstream, String... more) {
        String[] lines = new String[2 + more.length];
        lines[0] = "name = " + name;
        lines[1] = "upstreams = " + upstream;
        System.arraycopy(more, 0, lines, 2, more.length);
        caracal.writeConfig("io.caracal.cluster-" + name + ".cfg", lines);
    }

    private static void route(String name, String pathPrefix, String cluster) {
        caracal.writeConfig("io.caracal.route-" + name + ".cfg",
                "name = " + name, "hosts = *", "path.prefix = " + pathPrefix, "cluster = " + cluster);
    }

    @AfterAll
    static void stop() throws Exception {
        if (caracal != null) {
            caracal.close();
        }
        if (slowOrigin != null) {
            slowOrigin.close();
        }
        if (garbageOrigin != null) {
            garbageOrigin.close();
        }
    }

    @Test
    void noMatchingRouteIs404() throws Exception {
        HttpResponse<String> response = awaitStatus("/nothing/here", 404);
        assertShortPlainText(response, "no route");
    }

    @Test
    void unreachableUpstreamIs502() throws Exception {
        HttpResponse<String> response = awaitStatus("/closed/x", 502);
        assertShortPlainText(response, "connect", "cluster 'closed'");
    }

    @Test
    void garbageFromUpstreamIs502() throws Exception {
        HttpResponse<String> response = awaitStatus("/garbage/x", 502);
        assertShortPlainText(response, "invalid response", "cluster 'garbage'");
        assertTrue(garbageOrigin.connections() > 0, "the proxy did reach the garbage origin");
    }

    @Test
    void routeToUnconfiguredClusterIs503() throws Exception {
        HttpResponse<String> response = awaitStatus("/unconfigured/x", 503);
        assertShortPlainText(response, "'ghost'", "not configured");
    }

    @Test
    void requestTimeoutIs504() throws Exception {
        String path = "/slow-request/x?delay=" + SLOW_ORIGIN_DELAY_MILLIS;
        awaitStatus(path, 504);
        long started = System.nanoTime();
        HttpResponse<String> response = Http.get(caracal.url(path));
        assertEquals(504, response.statusCode(), response.body());
        assertAnsweredBeforeTheOrigin(started);
        assertShortPlainText(response, "timed out", "cluster 'slow-request'");
    }

    @Test
    void upstreamIdleTimeoutIs504() throws Exception {
        String path = "/slow-idle/x?delay=" + SLOW_ORIGIN_DELAY_MILLIS;
        awaitStatus(path, 504);
        long started = System.nanoTime();
        HttpResponse<String> response = Http.get(caracal.url(path));
        assertEquals(504, response.statusCode(), response.body());
        assertAnsweredBeforeTheOrigin(started);
        assertShortPlainText(response, "timed out", "cluster 'slow-idle'");
    }

    @Test
    void tooLargeHeaderIs431() throws Exception {
        HttpResponse<String> response = Http.get(caracal.url("/demo/"), "X-Huge", "h".repeat(20 * 1024));
        assertEquals(431, response.statusCode(), response.body());
        assertShortPlainText(response, "header");
    }

    @Test
    void tooLargeBodyWithContentLengthIs413() throws Exception {
        HttpResponse<String> response = Http.send(Http.request(caracal.url("/demo/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * MAX_BODY_SIZE])).build());
        assertEquals(413, response.statusCode(), response.body());
        assertShortPlainText(response, "too large");
    }

    @Test
    void tooLargeChunkedBodyIs413() throws Exception {
        byte[] body = new byte[4 * MAX_BODY_SIZE];
        HttpResponse<String> response = Http.send(Http.request(caracal.url("/demo/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertEquals(413, response.statusCode(), response.body());
        assertShortPlainText(response, "too large");
    }

    /**
     * Configuration files are applied one by one after start: polls until the path answers
     * {@code status} (bounded), and returns that response.
     */
    private static HttpResponse<String> awaitStatus(String path, int status) {
        return Poll.until(CaracalProcess.CHANGE_TIMEOUT, "GET " + path + " to answer " + status,
                () -> Http.get(caracal.url(path)), response -> response.statusCode() == status);
    }

    private static void assertAnsweredBeforeTheOrigin(long startedNanos) {
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        assertTrue(elapsedMillis < SLOW_ORIGIN_DELAY_MILLIS - 1000,
                "answered after " + elapsedMillis + " ms: the timeout (" + TIMEOUT_MILLIS + " ms) cut the exchange short");
    }

    /** A short text/plain body that names the status and the cause, and shows no internals. */
    private static void assertShortPlainText(HttpResponse<String> response, String... causeFragments) {
        String body = response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String lowerBody = body.toLowerCase(Locale.ROOT);
        System.out.printf("%d %s -> %s", response.statusCode(), response.request().uri().getPath(), body.endsWith("\n") ? body : body + "\n");
        assertAll("error body of " + response.request().uri() + ":\n" + body,
                () -> assertTrue(contentType.startsWith("text/plain"), "text/plain, not " + contentType),
                () -> assertTrue(body.length() <= 300, "short: " + body.length() + " characters"),
                () -> assertTrue(body.contains(Integer.toString(response.statusCode())), "names the status"),
                () -> {
                    for (String fragment : causeFragments) {
                        assertTrue(lowerBody.contains(fragment.toLowerCase(Locale.ROOT)), "names the cause: '" + fragment + "'");
                    }
                },
                () -> assertFalse(body.contains("Exception"), "no exception names"),
                () -> assertFalse(body.contains("at org.") || body.contains("at java."), "no stack trace"),
                () -> assertFalse(lowerBody.contains("<html"), "no HTML"));
    }
}
