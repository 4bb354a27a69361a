package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.routing.Router;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the proxy handler over real loopback HTTP: a Jetty listener in front, Jetty origins behind. */
class ProxyForwardingTest extends ProxyTestSupport {

    private final List<ServerSocket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws Exception {
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }

    /** An origin that answers with its name and echoes what it received as response headers. */
    private int origin(String name) throws Exception {
        return startOrigin(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long bytes = 0;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                        bytes += n;
                    }
                }
                response.getHeaders().put("X-Origin", name);
                response.getHeaders().put("X-Body-Bytes", Long.toString(bytes));
                response.getHeaders().put("X-Body-Sha256", HexFormat.of().formatHex(sha.digest()));
                for (HttpField field : request.getHeaders()) {
                    response.getHeaders().add("X-Echo-" + field.getName(), field.getValue());
                }
                response.getHeaders().put(HttpHeader.CONNECTION, "X-Origin-Hop");
                response.getHeaders().put("X-Origin-Hop", "secret");
                String size = Request.extractQueryParameters(request).getValue("size");
                if (size != null) {
                    byte[] chunk = new byte[8192];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    try (OutputStream out = Content.Sink.asOutputStream(response)) {
                        for (long left = Long.parseLong(size); left > 0; left -= chunk.length) {
                            out.write(chunk, 0, (int) Math.min(chunk.length, left));
                        }
                    }
                    callback.succeeded();
                } else {
                    Content.Sink.write(response, true, name, callback);
                }
                return true;
            }
        });
    }

    private int startOrigin(Handler handler) throws Exception {
        return startServer(handler);
    }

    private void configure(String upstreams, Map<String, Object> clusterExtra, Map<String, Object> routeExtra) {
        Map<String, Object> cluster = new HashMap<>(clusterExtra);
        cluster.put("name", "c");
        cluster.put("upstreams", upstreams);
        router.putCluster("cluster~c", ClusterSpec.parse(cluster));
        Map<String, Object> route = new HashMap<>(routeExtra);
        route.put("name", "r");
        route.put("cluster", "c");
        router.putRoute("route~r", RouteSpec.parse(route));
    }

    private ContentResponse get(String path) throws Exception {
        return client.newRequest("127.0.0.1", proxyPort).path(path).timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void balancesRoundRobinAndForwardsProxyHeaders() throws Exception {
        configure("127.0.0.1:" + origin("a") + ", 127.0.0.1:" + origin("b"), Map.of(), Map.of());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(get("/x?y=1").getContentAsString());
        }
        assertEquals(List.of("a", "b", "a", "b"), seen);

        ContentResponse response = client.newRequest("127.0.0.1", proxyPort).path("/p")
                .headers(h -> h.put("X-Forwarded-For", "203.0.113.9").put(HttpHeader.CONNECTION, "X-Client-Hop")
                        .put("X-Client-Hop", "1").put("X-End", "2"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus());
        assertEquals("203.0.113.9, 127.0.0.1", response.getHeaders().get("X-Echo-X-Forwarded-For"));
        assertEquals("http", response.getHeaders().get("X-Echo-X-Forwarded-Proto"));
        assertEquals("127.0.0.1:" + proxyPort, response.getHeaders().get("X-Echo-X-Forwarded-Host"));
        assertEquals("for=127.0.0.1;host=\"127.0.0.1:" + proxyPort + "\";proto=http",
                response.getHeaders().get("X-Echo-Forwarded"));
        assertEquals("1.1 caracal", response.getHeaders().get("X-Echo-Via"));
        assertEquals("127.0.0.1:" + proxyPort, response.getHeaders().get("X-Echo-Host"), "Host is preserved by default");
        assertEquals("2", response.getHeaders().get("X-Echo-X-End"));
        assertNull(response.getHeaders().get("X-Echo-X-Client-Hop"), "Connection-listed request fields are dropped");
        assertNull(response.getHeaders().get("X-Origin-Hop"), "Connection-listed response fields are dropped");
        assertEquals(1, response.getHeaders().getValuesList("X-Echo-User-Agent").size(), "one User-Agent, the client's");
        assertTrue(response.getHeaders().get(HttpHeader.VIA).endsWith("1.1 caracal"));
    }

    @Test
    void rewritesHostWhenAsked() throws Exception {
        int port = origin("a");
        configure("127.0.0.1:" + port, Map.of(), Map.of("host.header", "upstream"));
        assertEquals("127.0.0.1:" + port, get("/").getHeaders().get("X-Echo-Host"));
        configure("127.0.0.1:" + port, Map.of(), Map.of("host.header", "internal.example"));
        assertEquals("internal.example", get("/").getHeaders().get("X-Echo-Host"));
    }

    @Test
    void streamsLargeBodiesBothWays() throws Exception {
        configure("127.0.0.1:" + origin("a"), Map.of(), Map.of());
        byte[] body = new byte[6 * 1024 * 1024];
        new java.util.Random(42).nextBytes(body);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        // Chunked upload: the length is unknown to the proxy.
        ContentResponse upload = client.POST("http://127.0.0.1:" + proxyPort + "/upload")
                .body(new InputStreamRequestContent(new java.io.ByteArrayInputStream(body)))
                .timeout(30, TimeUnit.SECONDS).send();
        assertEquals(200, upload.getStatus());
        assertEquals(Integer.toString(body.length), upload.getHeaders().get("X-Body-Bytes"));
        assertEquals(expected, upload.getHeaders().get("X-Body-Sha256"));

        var downloadRequest = client.newRequest("127.0.0.1", proxyPort).path("/?size=" + (8 * 1024 * 1024 + 5))
                .timeout(30, TimeUnit.SECONDS);
        ContentResponse download = new org.eclipse.jetty.client.CompletableResponseListener(downloadRequest, 16 * 1024 * 1024)
                .send().get(30, TimeUnit.SECONDS);
        assertEquals(200, download.getStatus());
        assertEquals(8 * 1024 * 1024 + 5, download.getContent().length);
    }

    @Test
    void errorsNameTheirCause() throws Exception {
        assertEquals(404, get("/").getStatus());
        assertTrue(get("/nowhere").getContentAsString().contains("no route matches host '127.0.0.1' and path '/nowhere'"));

        router.putRoute("route~r", RouteSpec.parse(Map.of("name", "r", "cluster", "missing")));
        ContentResponse unavailable = get("/");
        assertEquals(503, unavailable.getStatus());
        assertTrue(unavailable.getContentAsString().contains("cluster 'missing', which is not configured"));

        ServerSocket closed = new ServerSocket(0);
        int closedPort = closed.getLocalPort();
        closed.close();
        configure("127.0.0.1:" + closedPort, Map.of(), Map.of());
        ContentResponse refused = get("/");
        assertEquals(502, refused.getStatus());
        assertTrue(refused.getContentAsString().contains("could not connect to upstream 127.0.0.1:" + closedPort), refused.getContentAsString());
        assertFalse(refused.getContentAsString().contains("Exception"));
    }

    @Test
    void garbageFromUpstreamIs502() throws Exception {
        ServerSocket garbage = new ServerSocket(0);
        sockets.add(garbage);
        Thread acceptor = new Thread(() -> {
            while (!garbage.isClosed()) {
                try (Socket socket = garbage.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        configure("127.0.0.1:" + garbage.getLocalPort(), Map.of(), Map.of());
        ContentResponse response = get("/");
        assertEquals(502, response.getStatus());
        assertTrue(response.getContentAsString().startsWith("502 Bad Gateway: upstream"), response.getContentAsString());
    }

    @Test
    void slowUpstreamTimesOutWith504() throws Exception {
        int slow = startOrigin(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Thread.sleep(3000); // longer than the request timeout below
                Content.Sink.write(response, true, "late", callback);
                return true;
            }
        });
        configure("127.0.0.1:" + slow, Map.of("request.timeout.ms", "300"), Map.of());
        ContentResponse response = get("/");
        assertEquals(504, response.getStatus());
        assertTrue(response.getContentAsString().contains("timed out"), response.getContentAsString());
    }

    @Test
    void drainedUpstreamsTakeNoNewRequests() throws Exception {
        int a = origin("a");
        int b = origin("b");
        configure("127.0.0.1:" + a + ", 127.0.0.1:" + b + " drain", Map.of(), Map.of());
        for (int i = 0; i < 4; i++) {
            assertEquals("a", get("/").getContentAsString());
        }
        configure("127.0.0.1:" + a + " drain, 127.0.0.1:" + b + " drain", Map.of(), Map.of());
        ContentResponse response = get("/");
        assertEquals(503, response.getStatus());
        assertTrue(response.getContentAsString().contains("no healthy upstream in cluster 'c'"));
    }

    @Test
    void reconfigurationKeepsInFlightRequests() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        int slow = startOrigin(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                arrived.countDown();
                release.await(10, TimeUnit.SECONDS);
                Content.Sink.write(response, true, "done", callback);
                return true;
            }
        });
        configure("127.0.0.1:" + slow, Map.of(), Map.of());
        var request = client.newRequest("127.0.0.1", proxyPort).path("/").timeout(10, TimeUnit.SECONDS);
        var result = new org.eclipse.jetty.client.CompletableResponseListener(request).send();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        // A transport change retires the upstream client the request is running on.
        configure("127.0.0.1:" + slow, Map.of("connect.timeout.ms", "1234"), Map.of());
        release.countDown();
        ContentResponse response = result.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.getStatus());
        assertEquals("done", response.getContentAsString());
    }
}
