package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.upstream.UpstreamState;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health, outlier ejection, retries, circuit breaking and session affinity over real loopback HTTP. */
class ResilienceTest extends ProxyTestSupport {

    /** An origin named {@code name}; {@code status} decides each answer's status from the path. */
    private int origin(String name, AtomicInteger hits, java.util.function.ToIntFunction<String> status) throws Exception {
        return startServer(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (!path.startsWith("/health")) {
                    hits.incrementAndGet();
                }
                Content.Source.consumeAll(request);
                response.setStatus(status.applyAsInt(path));
                response.getHeaders().put("X-Origin", name);
                Content.Sink.write(response, true, name, callback);
                return true;
            }
        });
    }

    private int origin(String name, AtomicInteger hits) throws Exception {
        return origin(name, hits, path -> 200);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void configure(String upstreams, Map<String, Object> clusterExtra) {
        Map<String, Object> cluster = new HashMap<>(clusterExtra);
        cluster.put("name", "c");
        cluster.put("upstreams", upstreams);
        router.putCluster("cluster~c", ClusterSpec.parse(cluster));
        router.putRoute("route~r", RouteSpec.parse(Map.of("name", "r", "cluster", "c")));
    }

    private ContentResponse get(String path, String... headers) throws Exception {
        var request = client.newRequest("127.0.0.1", proxyPort).path(path).timeout(10, TimeUnit.SECONDS);
        for (int i = 0; i < headers.length; i += 2) {
            String name = headers[i];
            String value = headers[i + 1];
            request.headers(h -> h.add(name, value));
        }
        return request.send();
    }

    private UpstreamState upstream(int port) {
        return router.snapshot().clusters().get("c").upstreams().stream()
                .map(UpstreamState.class::cast).filter(u -> u.port() == port).findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void connectFailuresAreRetriedOnAnotherUpstreamEvenForPost() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        int good = origin("good", hits);
        int dead = closedPort();
        configure("127.0.0.1:" + dead + ", 127.0.0.1:" + good, Map.of("outlier.consecutive.failures", "0"));
        for (int i = 0; i < 6; i++) {
            ContentResponse response = client.POST("http://127.0.0.1:" + proxyPort + "/p")
                    .body(new StringRequestContent("payload")).timeout(10, TimeUnit.SECONDS).send();
            assertEquals(200, response.getStatus(), response.getContentAsString());
            assertEquals("good", response.getContentAsString());
        }
        assertEquals(6, hits.get());
    }

    @Test
    void idempotentRequestsSurviveAnUpstreamKilledUnderLoad() throws Exception {
        AtomicInteger victimHits = new AtomicInteger();
        AtomicInteger survivorHits = new AtomicInteger();
        int victim = origin("victim", victimHits);
        int survivor = origin("survivor", survivorHits);
        Server victimServer = servers.get(servers.size() - 2);
        // Four clients may all be retrying at once: the budget must allow that many.
        configure("127.0.0.1:" + victim + ", 127.0.0.1:" + survivor, Map.of("retry.budget.min", "4"));
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 150 && System.nanoTime() < deadline; i++) {
                    try {
                        ContentResponse response = get("/");
                        sent.incrementAndGet();
                        if (response.getStatus() != 200) {
                            failures.add(response.getContentAsString());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        await("traffic on both upstreams", () -> victimHits.get() > 20 && survivorHits.get() > 20);
        victimServer.stop();
        for (Thread thread : clients) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(List.of(), failures, "no request failed while an upstream died (" + sent.get() + " sent)");
        assertTrue(sent.get() > 100);
    }

    @Test
    void anExhaustedRetryBudgetStopsRetries() throws Exception {
        int good = origin("good", new AtomicInteger());
        int dead = closedPort();
        configure("127.0.0.1:" + dead + ", 127.0.0.1:" + good, Map.of("retry.budget.min", "0",
                "retry.budget.percent", "0", "outlier.consecutive.failures", "0"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get("/").getStatus());
        }
        assertEquals(List.of(502, 200, 502, 200), statuses, "a budget of zero allows no retry");
    }

    @Test
    void retriesAreOffWhenConfiguredSo() throws Exception {
        int good = origin("good", new AtomicInteger());
        int dead = closedPort();
        configure("127.0.0.1:" + dead + ", 127.0.0.1:" + good, Map.of("retry.attempts", "0", "outlier.consecutive.failures", "0"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get("/").getStatus());
        }
        assertEquals(List.of(502, 200, 502, 200), statuses);
    }

    @Test
    void configuredStatusesAreRetriedForIdempotentMethodsOnly() throws Exception {
        AtomicInteger busyHits = new AtomicInteger();
        AtomicInteger okHits = new AtomicInteger();
        int busy = origin("busy", busyHits, path -> 503);
        int ok = origin("ok", okHits);
        configure("127.0.0.1:" + busy + ", 127.0.0.1:" + ok,
                Map.of("retry.on.statuses", "503", "outlier.consecutive.failures", "0"));
        for (int i = 0; i < 4; i++) {
            assertEquals("ok", get("/").getContentAsString());
        }
        assertEquals(2, busyHits.get(), "round-robin sent every other GET to 'busy' first");
        // A POST with a body is never replayed: the client sees the upstream's own 503.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            statuses.add(client.POST("http://127.0.0.1:" + proxyPort + "/p").body(new StringRequestContent("x"))
                    .timeout(10, TimeUnit.SECONDS).send().getStatus());
        }
        assertTrue(statuses.contains(503), statuses.toString());
    }

    @Test
    void consecutiveFailuresEjectAnUpstreamForAWhile() throws Exception {
        AtomicInteger flakyHits = new AtomicInteger();
        AtomicInteger steadyHits = new AtomicInteger();
        int flaky = origin("flaky", flakyHits, path -> 500);
        int steady = origin("steady", steadyHits);
        configure("127.0.0.1:" + flaky + ", 127.0.0.1:" + steady, Map.of("outlier.consecutive.failures", "3",
                "outlier.base.ejection.ms", "3000", "retry.attempts", "0"));
        for (int i = 0; i < 6; i++) {
            get("/");
        }
        assertEquals(3, flakyHits.get());
        assertTrue(upstream(flaky).ejected());
        long ejectedAt = System.nanoTime();
        // Only requests well inside the 3 s ejection count, so a slow machine cannot blur the line.
        for (int i = 0; i < 10 && System.nanoTime() - ejectedAt < TimeUnit.MILLISECONDS.toNanos(1500); i++) {
            assertEquals("steady", get("/").getContentAsString(), "the ejected upstream gets no traffic");
        }
        assertEquals(3, flakyHits.get());
        await("the ejection to end", () -> !upstream(flaky).ejected());
        for (int i = 0; i < 4; i++) {
            get("/");
        }
        assertTrue(flakyHits.get() > 3, "the upstream takes traffic again after its ejection");
    }

    @Test
    void ejectionNeverExceedsTheConfiguredShare() throws Exception {
        int a = origin("a", new AtomicInteger(), path -> 500);
        int b = origin("b", new AtomicInteger(), path -> 500);
        configure("127.0.0.1:" + a + ", 127.0.0.1:" + b, Map.of("outlier.consecutive.failures", "2",
                "outlier.max.ejection.percent", "50", "retry.attempts", "0"));
        for (int i = 0; i < 12; i++) {
            get("/");
        }
        long ejected = List.of(upstream(a), upstream(b)).stream().filter(UpstreamState::ejected).count();
        assertEquals(1, ejected, "half of two upstreams may be ejected, never both");
    }

    @Test
    void activeHealthChecksTakeUpstreamsOutAndBringThemBack() throws Exception {
        AtomicReference<Integer> healthStatus = new AtomicReference<>(200);
        AtomicInteger sickHits = new AtomicInteger();
        int sick = origin("sick", sickHits, path -> path.startsWith("/health") ? healthStatus.get() : 200);
        int well = origin("well", new AtomicInteger());
        configure("127.0.0.1:" + sick + ", 127.0.0.1:" + well, Map.of("health.check.path", "/health",
                "health.check.interval.ms", "100", "health.check.unhealthy.threshold", "2",
                "health.check.healthy.threshold", "2"));
        healthStatus.set(500);
        await("the failing upstream to be marked unhealthy", () -> !upstream(sick).passingChecks());
        int before = sickHits.get();
        for (int i = 0; i < 8; i++) {
            assertEquals("well", get("/").getContentAsString());
        }
        assertEquals(before, sickHits.get());
        healthStatus.set(204);
        await("the upstream to pass its checks again", () -> upstream(sick).passingChecks());
        for (int i = 0; i < 4; i++) {
            get("/");
        }
        assertTrue(sickHits.get() > before);
    }

    /** An origin that holds every request until {@code release} opens, counting arrivals. */
    private int heldOrigin(CountDownLatch release, AtomicInteger arrived) throws Exception {
        return startServer(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                arrived.incrementAndGet();
                release.await(10, TimeUnit.SECONDS);
                Content.Sink.write(response, true, "slow", callback);
                return true;
            }
        });
    }

    @Test
    void requestLimitAnswers503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        configure("127.0.0.1:" + heldOrigin(release, arrived), Map.of("max.requests.per.upstream", "1"));
        var first = client.newRequest("127.0.0.1", proxyPort).path("/").timeout(10, TimeUnit.SECONDS);
        CompletableFuture<ContentResponse> pending = new CompletableResponseListener(first).send();
        await("the first request to reach the origin", () -> arrived.get() == 1);
        ContentResponse overflow = get("/");
        assertEquals(503, overflow.getStatus());
        assertTrue(overflow.getContentAsString().contains("at its limit of 1 concurrent requests"), overflow.getContentAsString());
        release.countDown();
        assertEquals(200, pending.get(10, TimeUnit.SECONDS).getStatus());
    }

    @Test
    void fullPendingQueueAnswers503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        // One connection, one waiting request: a third concurrent request overflows.
        configure("127.0.0.1:" + heldOrigin(release, arrived), Map.of("max.connections.per.upstream", "1",
                "max.pending.requests", "1", "outlier.consecutive.failures", "0"));
        List<CompletableFuture<ContentResponse>> pending = new ArrayList<>();
        pending.add(new CompletableResponseListener(
                client.newRequest("127.0.0.1", proxyPort).path("/first").timeout(10, TimeUnit.SECONDS)).send());
        await("the first request to hold the only connection", () -> arrived.get() == 1);
        // One of these waits for the connection; the others find the queue full.
        for (int i = 0; i < 3; i++) {
            pending.add(new CompletableResponseListener(
                    client.newRequest("127.0.0.1", proxyPort).path("/" + i).timeout(10, TimeUnit.SECONDS)).send());
        }
        await("a request to overflow", () -> pending.stream().anyMatch(f -> f.isDone() && f.join().getStatus() == 503));
        ContentResponse overflow = pending.stream().filter(f -> f.isDone() && f.join().getStatus() == 503)
                .findFirst().orElseThrow().join();
        assertTrue(overflow.getContentAsString().contains("max.pending.requests = 1"), overflow.getContentAsString());
        release.countDown();
        int ok = 0;
        for (CompletableFuture<ContentResponse> response : pending) {
            int status = response.get(10, TimeUnit.SECONDS).getStatus();
            assertTrue(status == 200 || status == 503, "status " + status);
            ok += status == 200 ? 1 : 0;
        }
        assertTrue(ok >= 2, "the request on the connection and the queued one are served");
    }

    @Test
    void anUpstreamCanHaveItsOwnHealthCheckPath() throws Exception {
        AtomicInteger aliveProbes = new AtomicInteger();
        int special = origin("special", new AtomicInteger(), path -> {
            if (path.equals("/alive")) {
                aliveProbes.incrementAndGet();
            }
            return path.equals("/health") ? 500 : 200;
        });
        int plain = origin("plain", new AtomicInteger());
        configure("127.0.0.1:" + special + " health.path=/alive, 127.0.0.1:" + plain, Map.of(
                "health.check.path", "/health", "health.check.interval.ms", "100",
                "health.check.unhealthy.threshold", "1"));
        // Let several check rounds pass: the override keeps 'special' healthy.
        await("a few health check rounds", () -> aliveProbes.get() >= 3);
        assertTrue(upstream(special).passingChecks());
    }

    @Test
    void stickyCookieKeepsAClientOnItsUpstream() throws Exception {
        int a = origin("a", new AtomicInteger());
        int b = origin("b", new AtomicInteger());
        configure("127.0.0.1:" + a + ", 127.0.0.1:" + b, Map.of("sticky.cookie", "LB"));
        ContentResponse first = get("/");
        String setCookie = first.getHeaders().get("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.startsWith("LB=") && setCookie.contains("HttpOnly"), setCookie);
        assertFalse(setCookie.contains("127.0.0.1"), "the cookie does not reveal upstream addresses");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        for (int i = 0; i < 6; i++) {
            ContentResponse again = get("/", "Cookie", "other=1; " + cookie);
            assertEquals(first.getContentAsString(), again.getContentAsString());
            assertEquals(null, again.getHeaders().get("Set-Cookie"), "no new cookie while the old one holds");
        }
        // Its upstream drained: the client moves and gets a new cookie.
        String stuckOn = first.getContentAsString();
        configure("127.0.0.1:" + a + (stuckOn.equals("a") ? " drain" : "") + ", 127.0.0.1:" + b
                + (stuckOn.equals("b") ? " drain" : ""), Map.of("sticky.cookie", "LB"));
        ContentResponse moved = get("/", "Cookie", cookie);
        assertFalse(stuckOn.equals(moved.getContentAsString()));
        assertNotNull(moved.getHeaders().get("Set-Cookie"));
    }

    @Test
    void slowStartRampsTheWeightOfARecoveredUpstream() {
        UpstreamState state = new UpstreamState("http", "127.0.0.1", 1, 10);
        state.configure(10, false, 60_000);
        assertEquals(10, state.weight(), "full weight while nothing has recovered");
        state.eject();
        state.reinstate();
        assertEquals(1, state.weight(), "a recovered upstream starts from a tenth of its weight");
        state.configure(10, false, 0);
        state.eject();
        state.reinstate();
        assertTrue(state.weight() >= 1);
    }
}
