package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The listener's protocol limits in the running distribution, configured by a listener file:
 * sizes, slow clients, connections per client IP and requests per connection.
 */
class ProtocolLimitsIT {

    private static final long HEADER_TIMEOUT_MS = 1500;
    private static final long BODY_TIMEOUT_MS = 1500;
    /** Plays the client whose connections are counted, so no other test's connections interfere. */
    private static final String CAPPED_CLIENT = "127.0.0.5";
    /** Plays the client whose connections are rate limited. */
    private static final String RATED_CLIENT = "127.0.0.6";

    private static CaracalProcess caracal;
    private static int port;
    private final List<Socket> sockets = new ArrayList<>();

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("protocol-limits");
        port = FreePorts.allocate();
        caracal.writeConfig("io.caracal.listener.http-guarded.cfg", "name = guarded", "host = 0.0.0.0",
                "port = " + port, "max.header.size = 2048", "max.body.size = 1024",
                "request.header.timeout.ms = " + HEADER_TIMEOUT_MS, "request.body.timeout.ms = " + BODY_TIMEOUT_MS,
                "max.connections.per.ip = 3", "connection.request.rate = 1", "connection.request.burst = 5");
        caracal.start();
        caracal.awaitServing("/");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the guarded listener to serve",
                () -> statusOrZero(), status -> status == 200);
    }

    private static int statusOrZero() {
        try {
            return Http.raw(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close", new byte[0]).status();
        } catch (IOException e) {
            return 0;
        }
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private Socket connect(String source) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        if (source != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void oversizedHeadersGet431AndOversizedBodiesGet413() throws Exception {
        Http.RawResponse headers = Http.raw(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Big: "
                + "x".repeat(4096), new byte[0]);
        assertEquals(431, headers.status());
        assertTrue(headers.bodyText().startsWith("431 "), headers.bodyText());

        Http.RawResponse body = Http.raw(port, "POST /upload HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Length: 4096", new byte[4096]);
        assertEquals(413, body.status());
        assertTrue(body.bodyText().startsWith("413 "), body.bodyText());
    }

    @Test
    void aSlowlorisHeaderIsCutOffWhileOtherClientsAreServed() throws Exception {
        Socket slow = connect(null);
        send(slow, "GET /slowloris HTTP/1.1\r\nHost: localhost\r\n");
        int lines = 60; // 60 x 250 ms: far longer than the header timeout
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < lines; i++) {
                    send(slow, "X-Slow-" + i + ": 1\r\n");
                    sent.incrementAndGet();
                    Thread.sleep(250); // the client's pace, not a wait for the server
                }
            } catch (IOException e) {
                // cut off: expected
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertEquals(200, Http.raw(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close",
                    new byte[0]).status(), "another client is served meanwhile");

            InputStream in = slow.getInputStream();
            Http.RawResponse answer = Http.readResponse(in);
            assertEquals(408, answer.status());
            assertEquals(-1, in.read(), "the connection is closed after the 408");
            assertTrue(sent.get() < lines, "cut off before the header was complete (" + sent.get() + " lines sent)");
        } finally {
            trickle.cancel(true);
            slow.close();
            trickle.handle((ok, error) -> null).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatStallsMidBodyGets408() throws Exception {
        Socket stalled = connect(null);
        send(stalled, "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789");
        long start = System.nanoTime();
        Http.RawResponse answer = Http.readResponse(stalled.getInputStream());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(408, answer.status(), answer.bodyText());
        assertTrue(waitedMs >= BODY_TIMEOUT_MS - 200, "not before the body timeout: " + waitedMs + " ms");
    }

    @Test
    void aClientIpGetsAtMostItsConnections() throws Exception {
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = connect(CAPPED_CLIENT);
            send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(200, Http.readResponse(socket.getInputStream()).status(), "connection " + (i + 1));
            open.add(socket); // stays open: keep-alive
        }
        Socket fourth = connect(CAPPED_CLIENT);
        assertThrows(IOException.class, () -> {
            send(fourth, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Http.readResponse(fourth.getInputStream());
        }, "a fourth connection from the same IP is closed without an answer");

        assertEquals(200, Http.raw(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close", new byte[0]).status(),
                "other client IPs are not affected");

        open.get(0).close();
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "a freed slot to take a new connection", () -> {
            try (Socket again = new Socket()) {
                again.bind(new InetSocketAddress(InetAddress.getByName(CAPPED_CLIENT), 0));
                again.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                again.setSoTimeout(5000);
                send(again, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                return Http.readResponse(again.getInputStream()).status();
            } catch (IOException e) {
                return 0;
            }
        }, status -> status == 200);
    }

    @Test
    void aConnectionOverItsRequestRateGets429AndIsClosed() throws Exception {
        Socket socket = connect(RATED_CLIENT);
        int pipelined = 12;
        long start = System.nanoTime();
        send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(pipelined));
        InputStream in = socket.getInputStream();
        int served = 0;
        Http.RawResponse limited = null;
        for (int i = 0; i < pipelined && limited == null; i++) {
            Http.RawResponse response = Http.readResponse(in);
            if (response.status() == 200) {
                served++;
            } else {
                assertEquals(429, response.status(), response.bodyText());
                limited = response;
            }
        }
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertNotNull(limited, "12 requests at once exceed a burst of 5 at 1 per second");
        // The burst of 5, plus at most one refilled token per second that passed.
        assertTrue(served >= 5 && served <= 5 + elapsedSeconds + 1, served + " served in " + elapsedSeconds + " s");
        assertNotNull(limited.header("Retry-After"));
        assertEquals("close", limited.header("Connection"));
        assertEquals(-1, in.read(), "the connection ends after the 429");
    }
}
