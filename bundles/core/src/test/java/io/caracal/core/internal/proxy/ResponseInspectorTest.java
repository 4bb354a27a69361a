package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.filter.ResponseView;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.filter.FilterStats;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Response inspectors over real loopback HTTP: what they see of the upstream's response, that a
 * refusal replaces it before any of it reaches the client, and that a response let through arrives
 * unchanged.
 */
class ResponseInspectorTest extends ProxyTestSupport {

    /** How the origin answers; may block (the origin has its own threads). */
    private interface Answer {
        void answer(Request request, Response response, Callback callback) throws Exception;
    }

    /** What an inspector saw of one response. */
    private record Seen(int status, List<Map.Entry<String, String>> headers, byte[] body, boolean complete) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }

    /** An inspector with a fixed limit that records what it was asked and saw, and lets {@code decide} decide. */
    private static final class Recording implements ResponseInspector {
        private final String name;
        private final int limit;
        private final Function<Seen, FilterDecision> decide;
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final List<Integer> askedStatuses = new CopyOnWriteArrayList<>();
        final List<List<Map.Entry<String, String>>> askedHeaders = new CopyOnWriteArrayList<>();
        /** Names of the inspectors in the order they inspected; may be shared. */
        final List<String> order;

        Recording(String name, int limit, List<String> order, Function<Seen, FilterDecision> decide) {
            this.name = name;
            this.limit = limit;
            this.order = order;
            this.decide = decide;
        }

        Recording(int limit, Function<Seen, FilterDecision> decide) {
            this("inspector", limit, new CopyOnWriteArrayList<>(), decide);
        }

        Recording(int limit) {
            this(limit, seen -> FilterDecision.proceed());
        }

        @Override
        public int bodyLimit(int status, List<Map.Entry<String, String>> headers) {
            askedStatuses.add(status);
            askedHeaders.add(headers);
            return limit;
        }

        @Override
        public FilterDecision inspect(ResponseView response) {
            order.add(name);
            ByteBuffer body = response.body();
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            Seen seen = new Seen(response.status(), response.headerFields(), bytes, response.bodyComplete());
            this.seen.add(seen);
            return decide.apply(seen);
        }

        Seen only() {
            assertEquals(1, seen.size(), "the inspector ran once");
            return seen.get(0);
        }
    }

    private volatile Answer answer;
    private final AtomicInteger originRequests = new AtomicInteger();
    private int origin;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = startServer(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                originRequests.incrementAndGet();
                answer.answer(request, response, callback);
                return true;
            }
        });
        router.putCluster("cluster~c", ClusterSpec.parse(Map.of("name", "c", "upstreams", "127.0.0.1:" + origin)));
    }

    /** A filter that lets every request through and registers {@code inspector} for its response. */
    private void inspecting(String filterName, ResponseInspector inspector) {
        bindFilter(filterName, context -> {
            context.inspectResponse(inspector);
            return FilterDecision.proceed();
        });
    }

    private void route(String name, String prefix, String filters) {
        router.putRoute("route~" + name, RouteSpec.parse(filters.isEmpty()
                ? Map.of("name", name, "cluster", "c", "path.prefix", prefix)
                : Map.of("name", name, "cluster", "c", "path.prefix", prefix, "filters", filters)));
    }

    private static void answer(Response response, Callback callback, int status, String body, String... headers) {
        response.setStatus(status);
        for (int i = 0; i < headers.length; i += 2) {
            response.getHeaders().add(headers[i], headers[i + 1]);
        }
        Content.Sink.write(response, true, body, callback);
    }

    private ContentResponse get(String path) throws Exception {
        return client.newRequest("127.0.0.1", proxyPort).path(path).timeout(10, TimeUnit.SECONDS).send();
    }

    private FilterStats stats(String route, int filter) {
        return router.snapshot().routes().stream().filter(r -> r.spec().name().equals(route)).findFirst()
                .orElseThrow().filters().get(filter).stats();
    }

    // --- what inspectors see ---

    @Test
    void anInspectorSeesTheStatusTheHeaderFieldsAndTheStartOfTheBody() throws Exception {
        Recording inspector = new Recording(8);
        inspecting("waf", inspector);
        route("r", "/", "waf");
        answer = (request, response, callback) -> answer(response, callback, 201,
                request.getHttpURI().getPath().equals("/short") ? "short" : "0123456789abcdefghij",
                "Content-Type", "text/plain", "X-Origin", "one");

        ContentResponse response = get("/long");
        assertEquals(201, response.getStatus());
        assertEquals("0123456789abcdefghij", response.getContentAsString(), "the client gets all of it");
        assertEquals("one", response.getHeaders().get("X-Origin"));
        Seen seen = inspector.only();
        assertEquals(201, seen.status());
        assertEquals("01234567", seen.text(), "exactly the limit");
        assertFalse(seen.complete());
        assertEquals("one", seen.header("X-Origin"));
        assertEquals("text/plain", seen.header("Content-Type"));
        assertEquals("20", seen.header("Content-Length"));
        assertEquals("1.1 caracal", seen.header("Via"));
        assertEquals(List.of(201), inspector.askedStatuses);
        assertEquals(seen.headers(), inspector.askedHeaders.get(0), "the limit is asked with the same fields");

        assertEquals("short", get("/short").getContentAsString());
        assertEquals("short", inspector.seen.get(1).text());
        assertTrue(inspector.seen.get(1).complete(), "a body shorter than the limit is seen whole");
    }

    @Test
    void aResponseRefusedOnItsBodyIsReplacedAndTheUpstreamIsCutOff() throws Exception {
        Recording inspector = new Recording(4096, seen -> seen.text().contains("SQL syntax")
                ? FilterDecision.reject(403, "the response leaks an SQL error", List.of(Map.entry("X-Blocked", "waf")))
                : FilterDecision.proceed());
        inspecting("waf", inspector);
        route("r", "/", "waf");
        AtomicReference<EndPoint> originConnection = new AtomicReference<>();
        byte[] filler = new byte[4 * 1024 * 1024];
        Arrays.fill(filler, (byte) 'x');
        answer = (request, response, callback) -> {
            if (request.getHttpURI().getPath().equals("/ok")) {
                answer(response, callback, 200, "fine");
                return;
            }
            originConnection.set(request.getConnectionMetaData().getConnection().getEndPoint());
            response.getHeaders().add("X-Powered-By", "leaky");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 100 + filler.length);
            byte[] start = Arrays.copyOf("<p>You have an error in your SQL syntax near 'users'</p>"
                    .getBytes(StandardCharsets.UTF_8), 100);
            response.write(false, ByteBuffer.wrap(start), Callback.from(
                    () -> response.write(true, ByteBuffer.wrap(filler), callback), callback::failed));
        };

        ContentResponse refused = get("/users");
        assertEquals(403, refused.getStatus());
        assertEquals("403 Forbidden: the response leaks an SQL error\n", refused.getContentAsString(),
                "the rejection, and none of the upstream's bytes");
        assertEquals("waf", refused.getHeaders().get("X-Blocked"));
        assertNull(refused.getHeaders().get("X-Powered-By"), "nor its header fields");
        assertEquals("no-store", refused.getHeaders().get(HttpHeader.CACHE_CONTROL));
        assertTrue(inspector.only().text().startsWith("<p>You have an error in your SQL syntax"));
        // Were the body read to its end, the connection would stay open for the next request.
        await("the upstream's connection to be closed", () -> !originConnection.get().isOpen());
        assertEquals(1, stats("r", 0).rejected(), "counted like a rejected request");
        assertEquals(0, stats("r", 0).passed());

        assertEquals("fine", get("/ok").getContentAsString(), "the cluster still serves");
        assertEquals(1, stats("r", 0).passed());
    }

    @Test
    void aLargeBodyLetThroughArrivesWholeAndUnchanged() throws Exception {
        int limit = 64 * 1024;
        Recording inspector = new Recording(limit);
        inspecting("waf", inspector);
        route("r", "/", "waf");
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(body);
        answer = (request, response, callback) -> {
            if (request.getHttpURI().getPath().equals("/sized")) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return;
            }
            // Chunked, in pieces of varying size, so the limit falls inside one.
            writePieces(response, body, 0, 10_000, callback);
        };

        for (String path : List.of("/sized", "/chunked")) {
            var request = client.newRequest("127.0.0.1", proxyPort).path(path).timeout(30, TimeUnit.SECONDS);
            ContentResponse response = new CompletableResponseListener(request, 8 * 1024 * 1024).send()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(200, response.getStatus());
            assertEquals(RequestBodyFilterTest.sha256(body), RequestBodyFilterTest.sha256(response.getContent()), path);
        }
        assertEquals(2, inspector.seen.size());
        for (Seen seen : inspector.seen) {
            assertArrayEquals(Arrays.copyOf(body, limit), seen.body());
            assertFalse(seen.complete());
        }
        assertNull(inspector.seen.get(1).header("Transfer-Encoding"), "hop-by-hop fields are not shown");
    }

    /** Writes {@code body} from {@code offset} in growing pieces, without a Content-Length. */
    private static void writePieces(Response response, byte[] body, int offset, int piece, Callback callback) {
        int length = Math.min(piece, body.length - offset);
        boolean last = offset + length == body.length;
        response.write(last, ByteBuffer.wrap(body, offset, length), last ? callback
                : Callback.from(() -> writePieces(response, body, offset + length, piece + 777, callback), callback::failed));
    }

    @Test
    void aHeadOnlyInspectorRefusesAServerErrorWithoutReadingItsBody() throws Exception {
        Recording inspector = new Recording(0, seen -> seen.status() >= 500
                ? FilterDecision.reject(502, "the upstream failed") : FilterDecision.proceed());
        inspecting("waf", inspector);
        route("r", "/", "waf");
        answer = (request, response, callback) -> {
            if (request.getHttpURI().getPath().equals("/boom")) {
                answer(response, callback, 500, "java.lang.NullPointerException at com.example.Users.find(Users.java:42)");
            } else {
                answer(response, callback, 200, "fine");
            }
        };

        ContentResponse refused = get("/boom");
        assertEquals(502, refused.getStatus());
        assertEquals("502 Bad Gateway: the upstream failed\n", refused.getContentAsString());
        assertEquals(0, inspector.only().body().length, "the head only");
        assertFalse(inspector.only().complete());

        assertEquals("fine", get("/fine").getContentAsString());
        assertEquals(0, inspector.seen.get(1).body().length);
    }

    @Test
    void inspectorsRunInFilterOrderAndSeeTheLargestLimit() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicBoolean firstRefuses = new AtomicBoolean();
        Recording first = new Recording("first", 10, order, seen -> firstRefuses.get()
                ? FilterDecision.reject(451, "first says no") : FilterDecision.proceed());
        Recording second = new Recording("second", 100, order, seen -> FilterDecision.proceed());
        inspecting("first", first);
        bindFilter("plain", context -> FilterDecision.proceed()); // registers none
        inspecting("second", second);
        route("r", "/", "first, plain, second");
        String body = "a".repeat(50);
        answer = (request, response, callback) -> answer(response, callback, 200, body);

        assertEquals(body, get("/").getContentAsString());
        assertEquals(List.of("first", "second"), order);
        assertEquals(body, first.only().text(), "the largest limit, for every inspector");
        assertTrue(first.only().complete());
        assertEquals(body, second.only().text());

        order.clear();
        firstRefuses.set(true);
        ContentResponse refused = get("/");
        assertEquals(451, refused.getStatus());
        assertEquals(List.of("first"), order, "the next inspector is not asked after a rejection");
    }

    @Test
    void aFailingInspectorFailsTheRequestWith500() throws Exception {
        inspecting("broken", new ResponseInspector() {
            @Override
            public int bodyLimit(int status, List<Map.Entry<String, String>> headers) {
                return 100;
            }

            @Override
            public FilterDecision inspect(ResponseView response) {
                throw new IllegalStateException("bug");
            }
        });
        inspecting("no-limit", new ResponseInspector() {
            @Override
            public int bodyLimit(int status, List<Map.Entry<String, String>> headers) {
                throw new IllegalStateException("bug");
            }

            @Override
            public FilterDecision inspect(ResponseView response) {
                return FilterDecision.proceed();
            }
        });
        route("inspect", "/inspect", "broken");
        route("limit", "/limit", "no-limit");
        answer = (request, response, callback) -> answer(response, callback, 200, "secret");

        for (String path : List.of("/inspect", "/limit")) {
            ContentResponse response = get(path);
            assertEquals(500, response.getStatus(), path);
            assertFalse(response.getContentAsString().contains("secret"));
        }
        assertEquals("500 Server Error: filter 'broken' failed\n", get("/inspect").getContentAsString());
        assertEquals(2, stats("inspect", 0).failed());
        assertEquals(0, stats("inspect", 0).passed());
        assertEquals(1, stats("limit", 0).failed());
    }

    @Test
    void onlyTheAnswerThatGoesToTheClientIsInspected() throws Exception {
        int busy = startServer(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                answer(response, callback, 503, "busy");
                return true;
            }
        });
        router.putCluster("cluster~c", ClusterSpec.parse(Map.of("name", "c", "upstreams",
                "127.0.0.1:" + busy + ", 127.0.0.1:" + origin, "retry.on.statuses", "503",
                "outlier.consecutive.failures", "0")));
        Recording inspector = new Recording(100);
        inspecting("waf", inspector);
        route("r", "/", "waf");
        answer = (request, response, callback) -> answer(response, callback, 200, "ok");

        for (int i = 0; i < 4; i++) {
            assertEquals("ok", get("/").getContentAsString());
        }
        assertEquals(4, inspector.seen.size());
        assertTrue(inspector.seen.stream().allMatch(seen -> seen.status() == 200 && seen.text().equals("ok")));
        assertEquals(List.of(200, 200, 200, 200), inspector.askedStatuses, "the retried 503s were not inspected");
    }

    @Test
    void anUpstreamThatBreaksOffWhileItsBodyIsBufferedGets502() throws Exception {
        Recording inspector = new Recording(4096);
        inspecting("waf", inspector);
        route("r", "/", "waf");
        answer = (request, response, callback) -> {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 1000);
            Content.Sink.write(response, false, "only the start", Callback.from(() -> {
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                callback.failed(new java.io.IOException("dropped"));
            }, callback::failed));
        };

        ContentResponse response = get("/");
        assertEquals(502, response.getStatus(), "nothing was sent yet: a proper error, not a cut 200");
        assertTrue(response.getContentAsString().startsWith("502 Bad Gateway: upstream 127.0.0.1:" + origin),
                response.getContentAsString());
        assertEquals(0, inspector.seen.size());
    }

    @Test
    void aSlowInspectorHoldsUpNeitherTheUpstreamConnectionsNorOtherRequests() throws Exception {
        // The cluster's client handles every upstream response on one selector thread: an inspector
        // running there would stall the /fast answer below.
        CountDownLatch inInspector = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        inspecting("slow", new Recording(100, seen -> {
            inInspector.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FilterDecision.proceed();
        }));
        route("slow", "/slow", "slow");
        route("fast", "/fast", "");
        answer = (request, response, callback) -> answer(response, callback, 200, request.getHttpURI().getPath());

        var slow = new CompletableResponseListener(client.newRequest("127.0.0.1", proxyPort).path("/slow")
                .timeout(30, TimeUnit.SECONDS)).send();
        try {
            assertTrue(inInspector.await(10, TimeUnit.SECONDS), "the slow inspector runs");
            assertEquals("/fast", get("/fast").getContentAsString(), "served while the inspector still works");
            assertFalse(slow.isDone(), "the inspected response is held back meanwhile");
        } finally {
            release.countDown();
        }
        assertEquals("/slow", slow.get(10, TimeUnit.SECONDS).getContentAsString());
    }

    @Test
    void aFilterCannotRegisterAnInspectorAfterApply() throws Exception {
        List<io.caracal.api.filter.FilterContext> kept = new CopyOnWriteArrayList<>();
        bindFilter("keeper", context -> {
            kept.add(context);
            return FilterDecision.proceed();
        });
        route("r", "/", "keeper");
        answer = (request, response, callback) -> answer(response, callback, 200, "ok");
        assertEquals("ok", get("/").getContentAsString());
        try {
            kept.get(0).inspectResponse(new Recording(0));
            throw new AssertionError("registered after apply()");
        } catch (IllegalStateException expected) {
            // the response may be gone already: too late
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }
}
