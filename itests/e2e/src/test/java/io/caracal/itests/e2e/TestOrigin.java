package io.caracal.itests.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An origin server in the test JVM, on a free loopback port. What it does depends on the path:
 * <ul>
 * <li>{@code .../slow...?delay=ms}: answers 200 after {@code delay} ms (default 2000);</li>
 * <li>{@code .../upload...}: reads the body and answers {@code bytes=N sha256=HEX};</li>
 * <li>{@code .../download...?size=N}: streams {@link #downloadBytes(int) N bytes} (chunked);</li>
 * <li>{@code .../echo...}: answers the request headers it received, one {@code name: value} line
 *     each, names in lower case;</li>
 * <li>{@code .../cacheable...?cc=DIRECTIVES}: answers {@code cacheable N} (N counts the requests
 *     for that path) with {@code Cache-Control: DIRECTIVES} (default {@code max-age=60}) and an
 *     ETag; a matching {@code If-None-Match} gets 304;</li>
 * <li>anything else: answers {@code hello from NAME} with header {@code X-Test-Origin: NAME}.</li>
 * </ul>
 */
final class TestOrigin implements AutoCloseable {

    static final String HEADER = "X-Test-Origin";

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-origin");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger slowRequestsArrived = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> pathRequests = new java.util.concurrent.ConcurrentHashMap<>();

    private TestOrigin(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static TestOrigin start(String name) throws IOException {
        return new TestOrigin(name);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** How many requests for exactly this path have arrived so far ({@code /cacheable} paths only). */
    int requests(String path) {
        AtomicInteger count = pathRequests.get(path);
        return count == null ? 0 : count.get();
    }

    /** How many requests have arrived so far. */
    int requests() {
        return requests.get();
    }

    /** How many {@code /slow} requests have arrived so far (they count on arrival, before the delay). */
    int slowRequestsArrived() {
        return slowRequestsArrived.get();
    }

    /** The bytes {@code /download?size=N} sends: pseudo-random, the same every time. */
    static byte[] downloadBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (path.contains("/slow")) {
                slowRequestsArrived.incrementAndGet();
                long delay = queryLong(exchange, "delay", 2000);
                drain(exchange.getRequestBody());
                try {
                    closing.await(delay, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                respond(exchange, 200, "slow done after " + delay + " ms\n");
            } else if (path.contains("/upload")) {
                MessageDigest digest = sha256();
                long count;
                try (InputStream body = new DigestInputStream(exchange.getRequestBody(), digest)) {
                    count = drain(body);
                }
                respond(exchange, 200, "bytes=" + count + " sha256=" + HexFormat.of().formatHex(digest.digest()) + "\n");
            } else if (path.contains("/cacheable")) {
                drain(exchange.getRequestBody());
                int count = pathRequests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                String query = exchange.getRequestURI().getQuery();
                String cacheControl = query != null && query.startsWith("cc=") ? query.substring(3) : "max-age=60";
                exchange.getResponseHeaders().set("Cache-Control", cacheControl);
                exchange.getResponseHeaders().set("ETag", "\"v1\"");
                if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.getResponseHeaders().set(HEADER, name);
                    exchange.sendResponseHeaders(304, -1);
                } else {
                    respond(exchange, 200, "cacheable " + count + "\n");
                }
            } else if (path.contains("/leak")) {
                // An application error page that gives its database away, as outbound WAF rules look for.
                drain(exchange.getRequestBody());
                byte[] page = ("<html><body><h1>Error</h1><p>You have an error in your SQL syntax; check the manual "
                        + "that corresponds to your MySQL server version for the right syntax to use near '\"' at line 1"
                        + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().set(HEADER, name);
                exchange.sendResponseHeaders(500, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            } else if (path.contains("/echo")) {
                drain(exchange.getRequestBody());
                StringBuilder lines = new StringBuilder();
                exchange.getRequestHeaders().forEach((headerName, values) -> values.forEach(value ->
                        lines.append(headerName.toLowerCase(java.util.Locale.ROOT)).append(": ").append(value).append('\n')));
                respond(exchange, 200, lines.toString());
            } else if (path.contains("/download")) {
                drain(exchange.getRequestBody());
                byte[] bytes = downloadBytes((int) queryLong(exchange, "size", 1024));
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int offset = 0; offset < bytes.length; offset += 16 * 1024) {
                        out.write(bytes, offset, Math.min(16 * 1024, bytes.length - offset));
                    }
                }
            } else {
                drain(exchange.getRequestBody());
                respond(exchange, 200, "hello from " + name + "\n");
            }
        }
    }

    private void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set(HEADER, name);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1;) {
            total += n;
        }
        return total;
    }

    private static long queryLong(HttpExchange exchange, String key, long fallback) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(key + "=")) {
                    return Long.parseLong(pair.substring(key.length() + 1));
                }
            }
        }
        return fallback;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
