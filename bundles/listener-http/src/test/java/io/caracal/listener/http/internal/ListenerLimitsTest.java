package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.caracal.api.http.RequestView;

import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's protocol limits over real sockets on loopback: trusted proxies, connections per
 * IP, requests per connection, and the header and body timeouts against slow clients. A trivial
 * handler stands in for the proxy core; like the core, it reads the whole body before answering.
 */
class ListenerLimitsTest extends ListenerTestSupport {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> resources = new ArrayList<>();

    ListenerLimitsTest() {
        super("limits");
        proxy.set((request, response, callback) -> {
            Content.Source.consumeAll(request, Callback.from(() -> {
                Object resolved = request.getAttribute(RequestView.CLIENT_ADDRESS_ATTRIBUTE);
                response.getHeaders().put("X-Client", resolved == null ? "none" : resolved.toString());
                response.getHeaders().put("X-Protocol", request.getConnectionMetaData().getHttpVersion().asString());
                Content.Sink.write(response, true, "ok", callback);
            }, failure -> Response.writeError(request, response, callback, failure)));
            return true;
        });
    }

    /** Before the client and the listener stop (see {@link ListenerTestSupport#stopClientAndListener()}). */
    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private RawConnection connect(int port) throws IOException {
        RawConnection connection = new RawConnection(port);
        resources.add(connection);
        return connection;
    }

    private HttpClient h2cClient() throws Exception {
        HttpClient h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        h2c.start();
        resources.add(h2c::stop);
        return h2c;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    // --- trusted.proxies ---

    @Test
    void trustedPeerForwardsTheClientAddress() throws Exception {
        int port = start(Map.of("trusted.proxies", "10.0.0.0/8, 127.0.0.1, ::1"));
        ContentResponse response = client.newRequest("127.0.0.1", port)
                .headers(h -> h.add("X-Forwarded-For", "192.0.2.1, 203.0.113.50")
                        .add("X-Forwarded-For", "10.1.2.3"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals("203.0.113.50", response.getHeaders().get("X-Client"));

        // Without the header the client is the peer itself, and the attribute stays unset.
        assertEquals("none", client.GET("http://127.0.0.1:" + port + "/").getHeaders().get("X-Client"));

        // The same over HTTP/2, with an IPv6 client.
        ContentResponse h2 = h2cClient().newRequest("127.0.0.1", port)
                .headers(h -> h.add("X-Forwarded-For", "[2001:DB8:0:0:0:0:0:42]:1234"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(HttpVersion.HTTP_2, h2.getVersion());
        assertEquals("2001:db8::42", h2.getHeaders().get("X-Client"));
    }

    @Test
    void untrustedPeerCannotSpoofItsAddress() throws Exception {
        int port = start(Map.of("trusted.proxies", "10.0.0.0/8"));
        ContentResponse response = client.newRequest("127.0.0.1", port)
                .headers(h -> h.add("X-Forwarded-For", "10.0.0.1, 203.0.113.50"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus());
        assertEquals("none", response.getHeaders().get("X-Client"));
    }

    // --- max.connections.per.ip ---

    @Test
    void connectionsOverThePerIpLimitAreClosedAtOnce() throws Exception {
        int port = start(Map.of("max.connections.per.ip", "2", "request.header.timeout.ms", "0"));
        RawConnection first = connect(port);
        RawConnection second = connect(port);
        await("both are counted", () -> listener.openConnections(LOOPBACK) == 2);

        RawConnection third = connect(port);
        assertTrue(third.closedByServer(), "a third connection from the same IP must be closed");
        assertEquals(2, listener.openConnections(LOOPBACK));
        assertEquals(200, first.get("/").status());
        assertEquals(200, second.get("/").status());

        first.close();
        await("the closed connection is released", () -> listener.openConnections(LOOPBACK) == 1);
        RawConnection fourth = connect(port);
        assertEquals(200, fourth.get("/").status());

        second.close();
        fourth.close();
        await("the IP is forgotten", () -> listener.openConnections(LOOPBACK) == 0);
    }

    @Test
    void anH2cConnectionCountsOnce() throws Exception {
        int port = start(Map.of("max.connections.per.ip", "1"));
        HttpClient h2c = h2cClient();
        for (int i = 0; i < 3; i++) {
            ContentResponse response = h2c.GET("http://127.0.0.1:" + port + "/");
            assertEquals(200, response.getStatus());
            assertEquals(HttpVersion.HTTP_2, response.getVersion());
        }
        assertEquals(1, listener.openConnections(LOOPBACK));
        h2c.stop();
        await("the connection is released", () -> listener.openConnections(LOOPBACK) == 0);
    }

    // --- connection.request.rate ---

    @Test
    void requestsOverTheConnectionRateGet429AndTheConnectionCloses() throws Exception {
        int port = start(Map.of("connection.request.rate", "1", "connection.request.burst", "2"));
        RawConnection connection = connect(port);
        assertEquals(200, connection.get("/").status());
        assertEquals(200, connection.get("/").status());
        RawConnection.Response limited = connection.get("/");
        assertEquals(429, limited.status());
        assertEquals("1", limited.header("Retry-After"));
        assertEquals("close", limited.header("Connection"));
        assertEquals("429 Too Many Requests: more than 1 requests per second on one connection\n", limited.body());
        assertTrue(connection.closedByServer());

        // A new connection has a bucket of its own.
        assertEquals(200, connect(port).get("/").status());
    }

    @Test
    void http2StreamsOverTheConnectionRateGet429() throws Exception {
        int port = start(Map.of("connection.request.rate", "1"));
        HttpClient h2c = h2cClient();
        assertEquals(200, h2c.GET("http://127.0.0.1:" + port + "/").getStatus());
        ContentResponse limited = h2c.GET("http://127.0.0.1:" + port + "/");
        assertEquals(429, limited.getStatus());
        assertEquals("1", limited.getHeaders().get("Retry-After"));
        assertEquals(HttpVersion.HTTP_2, limited.getVersion());
    }

    // --- request.header.timeout.ms ---

    @Test
    void slowlorisHeaderIsCutOffWhileOtherClientsAreServed() throws Exception {
        int port = start(Map.of("request.header.timeout.ms", "1000"));
        RawConnection slow = connect(port);
        long started = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        Thread trickle = new Thread(() -> {
            try {
                slow.send("GET / HTTP/1.1\r\nHost: localhost\r\n");
                for (int i = 0; i < 50 && !stop.get(); i++) {
                    Thread.sleep(200); // a slow client pausing between header lines
                    slow.send("X-Slow-" + i + ": x\r\n");
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection: what we expect
            }
        });
        trickle.start();
        try {
            // Another client is served meanwhile, on several connections.
            for (int i = 0; i < 3; i++) {
                assertEquals(200, connect(port).get("/").status());
            }
            RawConnection.Response response = slow.readResponse();
            long tookMillis = millisSince(started);
            assertNotNull(response, "the slow client should get a 408 before the close");
            assertEquals(408, response.status());
            assertEquals("close", response.header("Connection"));
            assertEquals("408 Request Timeout: the request header was not received within 1000 ms\n", response.body());
            assertTrue(slow.closedByServer());
            assertTrue(tookMillis >= 900 && tookMillis < 5000, "cut off after " + tookMillis + " ms");
        } finally {
            stop.set(true);
            trickle.join(10_000);
        }
    }

    @Test
    void silentNewConnectionIsClosedWithoutAnAnswer() throws Exception {
        int port = start(Map.of("request.header.timeout.ms", "500"));
        RawConnection silent = connect(port);
        long started = System.nanoTime();
        assertNull(silent.readResponse(), "nothing was asked, so nothing is answered");
        long tookMillis = millisSince(started);
        assertTrue(tookMillis >= 400 && tookMillis < 5000, "closed after " + tookMillis + " ms");
    }

    @Test
    void idleKeepAliveConnectionIsGovernedByTheIdleTimeoutOnly() throws Exception {
        int port = start(Map.of("request.header.timeout.ms", "300", "idle.timeout.ms", "30000"));
        RawConnection connection = connect(port);
        assertEquals(200, connection.get("/").status());
        Thread.sleep(1000); // the client idles for more than the header timeout: allowed
        assertEquals(200, connection.get("/").status());

        // Once it starts the next request, the clock runs again.
        long started = System.nanoTime();
        connection.send("GET / HTTP/1.1\r\n");
        RawConnection.Response response = connection.readResponse();
        assertEquals(408, response.status());
        assertTrue(millisSince(started) < 5000);
        assertTrue(connection.closedByServer());
    }

    @Test
    void http2ConnectionsArePacedOnlyUntilTheirFirstRequest() throws Exception {
        // The per-IP count shows that one connection serves both requests.
        int port = start(Map.of("request.header.timeout.ms", "300", "max.connections.per.ip", "100"));
        HttpClient h2c = h2cClient();
        assertEquals(200, h2c.GET("http://127.0.0.1:" + port + "/").getStatus());
        Thread.sleep(800); // an idle multiplexed connection between streams
        assertEquals(200, h2c.GET("http://127.0.0.1:" + port + "/").getStatus());
        assertEquals(1, listener.openConnections(LOOPBACK));
    }

    // --- request.body.timeout.ms ---

    @Test
    void stalledBodyGets408AndTheConnectionCloses() throws Exception {
        int port = start(Map.of("request.body.timeout.ms", "500"));
        RawConnection stalled = connect(port);
        stalled.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789");
        long started = System.nanoTime();

        assertEquals(200, client.POST("http://127.0.0.1:" + port + "/").body(
                new org.eclipse.jetty.client.StringRequestContent("a normal body")).timeout(10, TimeUnit.SECONDS)
                .send().getStatus());

        RawConnection.Response response = stalled.readResponse();
        long tookMillis = millisSince(started);
        assertEquals(408, response.status());
        assertEquals("408 Request Timeout: the client sent no request body data for 500 ms\n", response.body());
        assertTrue(stalled.closedByServer());
        assertTrue(tookMillis >= 400 && tookMillis < 5000, "cut off after " + tookMillis + " ms");
    }

    @Test
    void theHeaderTimeoutEndsWithTheHeaderAndTheBodyTimeoutTakesOver() throws Exception {
        int port = start(Map.of("request.header.timeout.ms", "300", "request.body.timeout.ms", "1500"));
        RawConnection connection = connect(port);
        long started = System.nanoTime();
        connection.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n");
        RawConnection.Response response = connection.readResponse();
        long tookMillis = millisSince(started);
        assertEquals(408, response.status());
        assertEquals("408 Request Timeout: the client sent no request body data for 1500 ms\n", response.body());
        assertTrue(tookMillis >= 1400, "the body got its own timeout, not the header's: " + tookMillis + " ms");
    }

    @Test
    void slowButSteadyBodyIsServed() throws Exception {
        int port = start(Map.of("request.body.timeout.ms", "600", "request.header.timeout.ms", "600"));
        RawConnection steady = connect(port);
        steady.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n");
        for (int i = 0; i < 10; i++) {
            Thread.sleep(200); // a slow client: well within the timeout between two pieces
            steady.send(Integer.toString(i));
        }
        assertEquals(200, steady.readResponse().status());
    }

    @Test
    void bodyStalledPastTheIdleTimeoutAlsoGets408() throws Exception {
        int port = start(Map.of("request.body.timeout.ms", "60000", "idle.timeout.ms", "500"));
        RawConnection stalled = connect(port);
        stalled.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n01234");
        RawConnection.Response response = stalled.readResponse();
        assertEquals(408, response.status());
        assertEquals("408 Request Timeout: the client sent no request body data within the idle timeout (500 ms)\n",
                response.body());
        assertTrue(stalled.closedByServer());
    }

    @Test
    void stalledHttp2StreamGets408WhileItsConnectionServesOthers() throws Exception {
        int port = start(Map.of("request.body.timeout.ms", "500", "max.connections.per.ip", "100"));
        HttpClient h2c = h2cClient();
        // Open the connection first, so that all the streams below share it.
        assertEquals(200, h2c.GET("http://127.0.0.1:" + port + "/").getStatus());
        AsyncRequestContent body = new AsyncRequestContent();
        body.write(ByteBuffer.wrap(new byte[10]), Callback.NOOP); // and then nothing more
        CompletableFuture<Integer> status = new CompletableFuture<>();
        // The server answers and then resets the stream (NO_ERROR: "stop sending the body"),
        // which the client reports as a failed exchange; the status is what matters.
        h2c.POST("http://127.0.0.1:" + port + "/").body(body).timeout(10, TimeUnit.SECONDS)
                .onResponseBegin(response -> status.complete(response.getStatus()))
                .send(result -> status.complete(-1));

        ContentResponse other = h2c.GET("http://127.0.0.1:" + port + "/");
        assertEquals(200, other.getStatus());
        assertEquals(HttpVersion.HTTP_2, other.getVersion());

        assertEquals(408, status.get(10, TimeUnit.SECONDS));
        assertEquals(200, h2c.GET("http://127.0.0.1:" + port + "/").getStatus());
        assertEquals(1, listener.openConnections(LOOPBACK), "the stream was reset, not the connection");
    }
}
