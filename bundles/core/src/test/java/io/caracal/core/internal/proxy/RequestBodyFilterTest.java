package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestBody;
import io.caracal.api.filter.RequestBodyFilter;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;

import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Filters that inspect request bodies ({@link RequestBodyFilter}), over real loopback HTTP: what
 * they see, and that the upstream still receives exactly the body the client sent.
 */
class RequestBodyFilterTest extends ProxyTestSupport {

    private static final String FORM = "application/x-www-form-urlencoded";

    /** What the origin received of one request. */
    private record Received(String method, long declaredLength, byte[] body) {
        String sha256() {
            return RequestBodyFilterTest.sha256(body);
        }
    }

    /**
     * What a body filter saw: the buffered bytes (null when {@code requestBody()} was null), and the
     * request facts a rule set matches on besides the body.
     */
    private record Seen(byte[] content, boolean complete, long declaredLength, String protocol, int serverPort,
            List<Map.Entry<String, String>> headerFields) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Body bytes the origin has read of the request it is reading now, as they arrive. */
    private final AtomicLong originBytes = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private int origin;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = startServer(new RecordingOrigin());
        router.putCluster("cluster~c", ClusterSpec.parse(Map.of("name", "c", "upstreams", "127.0.0.1:" + origin)));
    }

    @Override
    protected void completed(Request request) {
        completed.incrementAndGet();
    }

    /** Reads the body as it comes (counting it in {@link #originBytes}), records it, answers 200. */
    private final class RecordingOrigin extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            originBytes.set(0);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    body.write(buffer, 0, n);
                    originBytes.addAndGet(n);
                }
            }
            received.add(new Received(request.getMethod(), request.getLength(), body.toByteArray()));
            Content.Sink.write(response, true, "origin", callback);
            return true;
        }
    }

    /** A body filter that records what it saw and lets {@code decide} decide. */
    private static final class Inspecting implements RequestBodyFilter {
        private final int limit;
        private final Function<FilterContext, FilterDecision> decide;
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        /** Times the proxy asked for the limit: each time, a request is about to have its body read. */
        final AtomicInteger asked = new AtomicInteger();

        Inspecting(int limit, Function<FilterContext, FilterDecision> decide) {
            this.limit = limit;
            this.decide = decide;
        }

        Inspecting(int limit) {
            this(limit, context -> FilterDecision.proceed());
        }

        @Override
        public int bodyInspectionLimit() {
            asked.incrementAndGet();
            return limit;
        }

        @Override
        public FilterDecision apply(FilterContext context) {
            RequestBody body = context.requestBody();
            var request = context.request();
            seen.add(new Seen(body == null ? null : bytes(body.content()), body != null && body.complete(),
                    body == null ? 0 : body.declaredLength(), request.protocol(), request.serverPort(),
                    request.headerFields()));
            return decide.apply(context);
        }

        Seen only() {
            assertEquals(1, seen.size(), "the filter ran once");
            return seen.get(0);
        }
    }

    private void route(String filters) {
        router.putRoute("route~r", RouteSpec.parse(Map.of("name", "r", "cluster", "c", "filters", filters)));
    }

    private Inspecting bodyFilter(String name, Inspecting filter) {
        bindFilter(name, filter);
        return filter;
    }

    private ContentResponse post(org.eclipse.jetty.client.Request.Content body) throws Exception {
        return client.POST("http://127.0.0.1:" + proxyPort + "/submit").body(body).timeout(30, TimeUnit.SECONDS).send();
    }

    private Received onlyReceived() {
        assertEquals(1, received.size(), "the origin got one request");
        return received.get(0);
    }

    // --- what filters see ---

    @Test
    void aFormPostIsSeenWholeAndForwardedUnchanged() throws Exception {
        Inspecting waf = bodyFilter("waf", new Inspecting(1024));
        route("waf");
        String form = "user=alice&note=hello+world%21&tags=a&tags=b";

        ContentResponse response = client.POST("http://127.0.0.1:" + proxyPort + "/submit?x=1")
                .headers(h -> h.add("X-Trace", "t1"))
                .body(new StringRequestContent(FORM, form)).timeout(10, TimeUnit.SECONDS).send();

        assertEquals(200, response.getStatus(), response.getContentAsString());
        Seen seen = waf.only();
        assertEquals(form, seen.text());
        assertTrue(seen.complete());
        assertEquals(form.length(), seen.declaredLength());
        assertEquals(form, new String(onlyReceived().body(), StandardCharsets.UTF_8));
        assertEquals(form.length(), onlyReceived().declaredLength(), "the Content-Length is kept");
        assertEquals("HTTP/1.1", seen.protocol());
        assertEquals(proxyPort, seen.serverPort());
        assertTrue(seen.headerFields().contains(Map.entry("Content-Type", FORM)), seen.headerFields().toString());
        assertTrue(seen.headerFields().contains(Map.entry("X-Trace", "t1")), seen.headerFields().toString());
    }

    @Test
    void aChunkedBodyIsSeenWholeAndForwarded() throws Exception {
        Inspecting waf = bodyFilter("waf", new Inspecting(1024));
        route("waf");
        try (Socket socket = connect(proxyPort)) {
            send(socket, "POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"a\":\r\n");
            send(socket, "a\r\n\"<script>\"\r\n");
            send(socket, "1\r\n}\r\n0\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        }
        Seen seen = waf.only();
        assertEquals("{\"a\":\"<script>\"}", seen.text());
        assertTrue(seen.complete());
        assertEquals(-1, seen.declaredLength(), "chunked: no Content-Length");
        // The same bytes; held whole, they may go upstream with a Content-Length instead of chunked.
        assertEquals("{\"a\":\"<script>\"}", new String(onlyReceived().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyLongerThanTheLimitShowsTheLimitAndReachesTheUpstreamWhole() throws Exception {
        int limit = 64 * 1024;
        Inspecting small = bodyFilter("small", new Inspecting(1000));
        Inspecting waf = bodyFilter("waf", new Inspecting(limit));
        route("small, waf");
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(body);

        assertEquals(200, post(new BytesRequestContent("application/octet-stream", body)).getStatus());
        Received sized = onlyReceived();
        assertEquals(sha256(body), sized.sha256());
        assertEquals(body.length, sized.declaredLength());

        received.clear();
        assertEquals(200, post(new InputStreamRequestContent("application/octet-stream",
                new ByteArrayInputStream(body))).getStatus());
        Received chunked = onlyReceived();
        assertEquals(sha256(body), chunked.sha256());
        assertEquals(-1, chunked.declaredLength());

        // Both requests: exactly the largest limit of the route's filters, the first bytes of the body.
        for (Inspecting filter : List.of(small, waf)) {
            assertEquals(2, filter.seen.size());
            for (Seen seen : filter.seen) {
                assertFalse(seen.complete());
                assertArrayEquals(Arrays.copyOf(body, limit), seen.content());
            }
        }
        assertEquals(body.length, waf.seen.get(0).declaredLength());
        assertEquals(-1, waf.seen.get(1).declaredLength());
    }

    @Test
    void aBodyOneByteOverTheLimitIsNotComplete() throws Exception {
        Inspecting waf = bodyFilter("waf", new Inspecting(10));
        route("waf");
        assertEquals(200, post(new StringRequestContent("0123456789")).getStatus());
        assertTrue(waf.seen.get(0).complete(), "exactly the limit is the whole body");
        assertEquals(200, post(new StringRequestContent("0123456789X")).getStatus());
        assertFalse(waf.seen.get(1).complete());
        assertEquals("0123456789", waf.seen.get(1).text());
        assertEquals("0123456789X", new String(received.get(1).body(), StandardCharsets.UTF_8));
    }

    @Test
    void aRejectionOnTheBodyGetsItsStatusAndTheUpstreamNeverSeesTheRequest() throws Exception {
        bodyFilter("waf", new Inspecting(4096, context -> {
            String text = StandardCharsets.UTF_8.decode(context.requestBody().content()).toString();
            return text.contains("<script>") ? FilterDecision.reject(403, "request body matched rule 941100")
                    : FilterDecision.proceed();
        }));
        route("waf");

        ContentResponse rejected = post(new StringRequestContent(FORM, "comment=%3Cscript%3E".replace("%3C", "<")
                .replace("%3E", ">")));
        assertEquals(403, rejected.getStatus());
        assertEquals("403 Forbidden: request body matched rule 941100\n", rejected.getContentAsString());
        assertEquals(0, received.size());

        assertEquals(200, post(new StringRequestContent(FORM, "comment=hello")).getStatus());
        assertEquals("comment=hello", new String(onlyReceived().body(), StandardCharsets.UTF_8));
    }

    @Test
    void requestsWithoutABodyHaveNoRequestBody() throws Exception {
        Inspecting waf = bodyFilter("waf", new Inspecting(1024));
        route("waf");
        assertEquals(200, client.newRequest("127.0.0.1", proxyPort).path("/get").timeout(10, TimeUnit.SECONDS)
                .send().getStatus());
        assertEquals(200, post(new BytesRequestContent(new byte[0])).getStatus());
        try (Socket socket = connect(proxyPort)) {
            send(socket, "POST /submit HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n0\r\n\r\n"); // chunked, and no chunk at all
            assertTrue(readAll(socket).startsWith("HTTP/1.1 200 "));
        }
        assertEquals(3, waf.seen.size());
        for (Seen seen : waf.seen) {
            assertNull(seen.content(), "requestBody() is null");
        }
        assertEquals(3, received.size());
        assertEquals(1, waf.asked.get(), "only the chunked request had to be read to know");
    }

    @Test
    void onlyFiltersThatAskGetABodyAndTheRouteBuffersNothingWhenNoneDoes() throws Exception {
        Inspecting none = bodyFilter("none", new Inspecting(0));
        route("none");
        assertEquals(200, post(new StringRequestContent("payload")).getStatus());
        assertNull(none.only().content(), "a limit of 0 asks for nothing");
        assertEquals("payload", new String(onlyReceived().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aFilterFailingToNameItsLimitFailsTheRequest() throws Exception {
        bindFilter("broken", new RequestBodyFilter() {
            @Override
            public int bodyInspectionLimit() {
                throw new IllegalStateException("bug");
            }

            @Override
            public FilterDecision apply(FilterContext context) {
                return FilterDecision.proceed();
            }
        });
        route("broken");
        ContentResponse response = post(new StringRequestContent("payload"));
        assertEquals(500, response.getStatus());
        assertEquals("500 Server Error: filter 'broken' failed\n", response.getContentAsString());
        assertEquals(0, received.size());
        assertEquals(1, router.snapshot().routes().get(0).filters().get(0).stats().failed());
    }

    @Test
    void aSlowBodyFilterDoesNotHoldUpOtherConnectionsOfTheListener() throws Exception {
        int port = startProxy(30_000, 200); // one selector thread, as a listener has
        CountDownLatch inFilter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Inspecting slow = bodyFilter("slow", new Inspecting(1024, context -> {
            inFilter.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FilterDecision.proceed();
        }));
        router.putRoute("route~slow", RouteSpec.parse(Map.of("name", "slow", "cluster", "c", "path.prefix", "/slow",
                "filters", "slow")));
        router.putRoute("route~fast", RouteSpec.parse(Map.of("name", "fast", "cluster", "c", "path.prefix", "/fast")));
        try (Socket socket = connect(port)) {
            send(socket, "POST /slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\nConnection: close\r\n\r\n01234");
            await("the body being read", () -> slow.asked.get() == 1);
            send(socket, "56789"); // the filters run from the read of the rest
            try {
                assertTrue(inFilter.await(10, TimeUnit.SECONDS), "the slow filter runs");
                ContentResponse fast = client.POST("http://127.0.0.1:" + port + "/fast")
                        .body(new StringRequestContent("x")).timeout(10, TimeUnit.SECONDS).send();
                assertEquals(200, fast.getStatus(), "served while the slow filter still works");
            } finally {
                release.countDown();
            }
            assertTrue(readAll(socket).startsWith("HTTP/1.1 200 "));
        }
        assertEquals("0123456789", slow.only().text());
    }

    // --- the upstream's side ---

    @Test
    void aHeaderOnlyFilterLeavesTheBodyStreaming() throws Exception {
        bindFilter("headers", context -> FilterDecision.proceed());
        route("headers");
        assertBodyStreamsBeforeTheClientIsDone();
    }

    @Test
    void theRestOfABodyLongerThanTheLimitStreams() throws Exception {
        Inspecting waf = bodyFilter("waf", new Inspecting(100));
        route("waf");
        assertBodyStreamsBeforeTheClientIsDone();
        assertEquals(100, waf.only().content().length);
    }

    /** The origin gets the first part of a body while the client still holds back the rest. */
    private void assertBodyStreamsBeforeTheClientIsDone() throws Exception {
        AsyncRequestContent body = new AsyncRequestContent();
        var answer = new CompletableResponseListener(client.POST("http://127.0.0.1:" + proxyPort + "/upload")
                .body(body).timeout(20, TimeUnit.SECONDS)).send();
        byte[] first = new byte[4000];
        Arrays.fill(first, (byte) 'a');
        body.write(ByteBuffer.wrap(first), Callback.NOOP);
        await("the origin reading the first part", () -> originBytes.get() >= first.length);
        body.write(ByteBuffer.wrap("the end".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
        body.close();
        assertEquals(200, answer.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(first.length + 7, onlyReceived().body().length);
    }

    @Test
    void aWholeBodyInMemoryIsRetriedOnAnotherUpstreamAfterTheFirstBrokeOff() throws Exception {
        // This upstream reads the body, then drops the connection without an answer.
        AtomicInteger dropped = new AtomicInteger();
        int breaking = startServer(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.consumeAll(request);
                dropped.incrementAndGet();
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                callback.failed(new IOException("dropped"));
                return true;
            }
        });
        router.putCluster("cluster~c", ClusterSpec.parse(Map.of("name", "c", "upstreams",
                "127.0.0.1:" + breaking + ", 127.0.0.1:" + origin, "outlier.consecutive.failures", "0")));
        bodyFilter("waf", new Inspecting(1024));
        route("waf");

        for (int i = 0; i < 4; i++) {
            ContentResponse response = client.newRequest("127.0.0.1", proxyPort).method("PUT").path("/doc/" + i)
                    .body(new StringRequestContent("document " + i)).timeout(10, TimeUnit.SECONDS).send();
            assertEquals(200, response.getStatus(), response.getContentAsString());
            assertEquals("document " + i, new String(received.get(i).body(), StandardCharsets.UTF_8));
        }
        assertTrue(dropped.get() > 0, "the breaking upstream was tried");
    }

    // --- clients that misbehave ---

    @Test
    void aClientThatStopsSendingGets408AndTheConnectionCloses() throws Exception {
        int port = startProxy(500, 200);
        Inspecting waf = bodyFilter("waf", new Inspecting(1024));
        route("waf");
        try (Socket socket = connect(port)) {
            send(socket, "POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.endsWith("408 Request Timeout: the client sent no request body data within the idle timeout\n"),
                    answer);
        }
        assertEquals(0, waf.seen.size());
        assertEquals(0, received.size());
    }

    @Test
    void clientsStalledMidBodyHoldNoThreadAndEndCleanlyWhenTheyGoAway() throws Exception {
        // Twice as many stalled uploads as the listener has threads: were a thread parked on each
        // body, the next request would find none.
        int maxThreads = 16;
        int port = startProxy(30_000, maxThreads);
        Inspecting waf = bodyFilter("waf", new Inspecting(1024));
        route("waf");
        QueuedThreadPool threads = (QueuedThreadPool) servers.get(servers.size() - 1).getThreadPool();
        List<Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2 * maxThreads; i++) {
                Socket socket = connect(port);
                stalled.add(socket);
                send(socket, "POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n0123456789");
            }
            await("every stalled request reading its body", () -> waf.asked.get() == 2 * maxThreads);
            ContentResponse served = client.POST("http://127.0.0.1:" + port + "/submit")
                    .body(new StringRequestContent("meanwhile")).timeout(10, TimeUnit.SECONDS).send();
            assertEquals(200, served.getStatus());
            assertEquals("meanwhile", new String(onlyReceived().body(), StandardCharsets.UTF_8));
        } finally {
            for (Socket socket : stalled) {
                socket.close(); // mid-body
            }
        }
        await("every aborted request ending", () -> completed.get() == 2 * maxThreads + 1);
        await("the listener's threads idle again", () -> threads.getBusyThreads() <= 2);
        assertEquals(1, waf.seen.size(), "only the whole request reached the filters");
        assertEquals(1, received.size(), "and the origin");
    }

    @Test
    void expect100ContinueIsAnsweredWhenTheBodyIsRead() throws Exception {
        Inspecting waf = bodyFilter("waf", new Inspecting(1024));
        route("waf");
        try (Socket socket = connect(proxyPort)) {
            send(socket, "POST /submit HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
                    + "\r\ncontent-length: 9\r\nExpect: 100-continue\r\nx-lower: 1\r\nX-MiXeD: 2\r\nX-Lower: 3"
                    + "\r\nConnection: close\r\n\r\n");
            String interim = readHead(socket.getInputStream());
            assertTrue(interim.startsWith("HTTP/1.1 100 "), interim);
            send(socket, "a=1&b=two");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        }
        assertEquals("a=1&b=two", waf.only().text());
        assertEquals("a=1&b=two", new String(onlyReceived().body(), StandardCharsets.UTF_8));
        assertEquals(List.of(Map.entry("Host", "localhost"), Map.entry("Content-Type", FORM),
                Map.entry("Content-Length", "9"), Map.entry("Expect", "100-continue"), Map.entry("x-lower", "1"),
                Map.entry("X-MiXeD", "2"), Map.entry("X-Lower", "3"), Map.entry("Connection", "close")),
                waf.only().headerFields(), "every field in order, names as sent but for well-known ones");
    }

    // --- helpers ---

    /** Another proxy listener, with one acceptor and one selector, its own idle timeout and thread count; stopped with the rest. */
    private int startProxy(long idleTimeoutMillis, int maxThreads) throws Exception {
        Server server = new Server(new QueuedThreadPool(maxThreads, 4));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(idleTimeoutMillis);
        server.addConnector(connector);
        ProxyRequestHandler handler = new ProxyRequestHandler(router);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return handler.handle(request, response, Callback.from(callback, () -> completed(request)));
            }
        });
        servers.add(server);
        server.start();
        return connector.getLocalPort();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads up to the blank line that ends a response head. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            assertTrue(c >= 0, "the connection ended within the head: " + head);
            head.append((char) c);
        }
        return head.toString();
    }

    /** Reads until the server closes the connection (within the socket timeout). */
    private static String readAll(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
