package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.caracal.api.config.ConfigException;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** A real listener on a free loopback port, with a trivial handler standing in for the proxy core. */
class ListenerServerTest extends ListenerTestSupport {

    ListenerServerTest() {
        super("test");
        proxy.set((request, response, callback) -> {
            // Read the whole body, as the proxy would stream it, so size limits apply.
            Content.Source.consumeAll(request, Callback.from(() -> {
                response.getHeaders().put("X-Protocol", request.getConnectionMetaData().getHttpVersion().asString());
                Content.Sink.write(response, true, "ok", callback);
            }, failure -> org.eclipse.jetty.server.Response.writeError(request, response, callback, failure)));
            return true;
        });
    }

    @Test
    void servesHttp11AndH2c() throws Exception {
        int port = start(Map.of());
        ContentResponse http1 = client.GET("http://127.0.0.1:" + port + "/");
        assertEquals(200, http1.getStatus());
        assertEquals("HTTP/1.1", http1.getHeaders().get("X-Protocol"));

        HttpClient h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        h2c.start();
        try {
            ContentResponse http2 = h2c.GET("http://127.0.0.1:" + port + "/");
            assertEquals(200, http2.getStatus());
            assertEquals(HttpVersion.HTTP_2, http2.getVersion());
            assertEquals("HTTP/2.0", http2.getHeaders().get("X-Protocol"));
        } finally {
            h2c.stop();
        }
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        int port = start(Map.of("max.header.size", "2048"));
        ContentResponse response = client.newRequest("127.0.0.1", port)
                .headers(h -> h.put("X-Big", "x".repeat(4096))).timeout(10, TimeUnit.SECONDS).send();
        assertEquals(431, response.getStatus());
        assertEquals("431 Request Header Fields Too Large\n", response.getContentAsString());
        assertOneLineReason("431 Request Header Fields Too Large", response);
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        int port = start(Map.of("max.body.size", "1000"));
        ContentResponse response = client.POST("http://127.0.0.1:" + port + "/")
                .body(new BytesRequestContent(new byte[5000])).timeout(10, TimeUnit.SECONDS).send();
        assertEquals(413, response.getStatus());
        assertOneLineReason("413 Payload Too Large", response);

        // Without a Content-Length the limit applies while the body streams in.
        try (RawConnection chunked = new RawConnection(port)) {
            chunked.send("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                chunked.send("1f4\r\n" + "x".repeat(500) + "\r\n");
            }
            chunked.send("0\r\n\r\n");
            RawConnection.Response streamed = chunked.readResponse();
            assertEquals(413, streamed.status());
            assertTrue(streamed.body().startsWith("413 Payload Too Large") && streamed.body().endsWith("\n")
                    && streamed.body().indexOf('\n') == streamed.body().length() - 1, streamed.body());
        }
    }

    /** The listener's own errors are a status and a one-line reason in plain text. */
    private static void assertOneLineReason(String statusLine, ContentResponse response) {
        String body = response.getContentAsString();
        assertTrue(response.getMediaType().startsWith("text/plain"), response.getMediaType());
        assertTrue(body.startsWith(statusLine), body);
        assertTrue(body.endsWith("\n") && body.indexOf('\n') == body.length() - 1, "one line: " + body);
    }

    @Test
    void missingCoreGets503() throws Exception {
        proxy.set(null);
        int port = start(Map.of());
        ContentResponse response = client.GET("http://127.0.0.1:" + port + "/");
        assertEquals(503, response.getStatus());
        assertTrue(response.getContentAsString().contains("the proxy core is not running"));
    }

    @Test
    void stopLetsInFlightRequestsFinish() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        proxy.set((request, response, callback) -> {
            arrived.countDown();
            new Thread(() -> {
                try {
                    Thread.sleep(500); // a slow upstream, simulated
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Content.Sink.write(response, true, "finished", callback);
            }).start();
            return true;
        });
        int port = start(Map.of("stop.timeout.ms", "10000"));
        var request = client.newRequest("127.0.0.1", port).timeout(10, TimeUnit.SECONDS);
        var pending = new CompletableResponseListener(request).send();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        listener.stop();
        listener = null;
        ContentResponse response = pending.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.getStatus());
        assertEquals("finished", response.getContentAsString());
    }

    @Test
    void idleKeepAliveConnectionsDoNotHoldUpAStop() throws Exception {
        int port = start(Map.of("stop.timeout.ms", "60000"));
        assertEquals(200, client.GET("http://127.0.0.1:" + port + "/").getStatus()); // leaves an idle connection
        long started = System.nanoTime();
        listener.stop();
        listener = null;
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 10_000, "stop waited " + tookMillis + " ms for an idle connection");
    }

    @Test
    void invalidSettingsNameTheKey() {
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ListenerSpec.parse(Map.of("name", "x", "port", "70000")));
        assertEquals("port", error.key());
        assertTrue(error.getMessage().contains("70000 is outside 0..65535"));
    }
}
