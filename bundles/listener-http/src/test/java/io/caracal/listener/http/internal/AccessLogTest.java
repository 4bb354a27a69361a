package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.caracal.api.http.RequestView;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access logs of a real listener on a loopback port, written by Jetty's asynchronous writer. The
 * stand-in for the proxy core sets the route, cluster and upstream attributes as the core does.
 */
class AccessLogTest extends ListenerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    AccessLogTest() {
        super("web");
        // Echoes "ok" after reading the body, naming the route, cluster and upstream like the core.
        proxy.set((request, response, callback) -> {
            request.setAttribute(RequestView.ROUTE_ATTRIBUTE, "api \"v2\"\nroute");
            request.setAttribute(RequestView.CLUSTER_ATTRIBUTE, "backend");
            request.setAttribute(RequestView.UPSTREAM_ATTRIBUTE, "10.0.0.5:8080");
            Content.Source.consumeAll(request, Callback.from(() -> Content.Sink.write(response, true, "ok", callback),
                    failure -> Response.writeError(request, response, callback, failure)));
            return true;
        });
    }

    /** Unlike in the other listener tests, the access log is as configured (on by default), under {@link #home}. */
    @Override
    int start(Map<String, Object> extra) throws Exception {
        return start(ListenerSpec.parse(settings(extra), home), proxy::get, null);
    }

    /** Stops the listener, which writes out every queued line, and returns the file's lines. */
    private List<String> stopAndRead(Path file) throws Exception {
        listener.stop();
        listener = null;
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void combinedLinesAreWrittenWhileServingWithTheDateInTheFileName() throws Exception {
        Locale defaultLocale = Locale.getDefault();
        int port;
        try {
            Locale.setDefault(Locale.GERMANY); // month names must not follow it
            port = start(Map.of());
        } finally {
            Locale.setDefault(defaultLocale);
        }
        Path file = Path.of(listener.accessLogFile());
        String today = Instant.now().toString().substring(0, 10).replace('-', '_');
        assertEquals(home.resolve("logs").resolve("access-web." + today + ".log"), file,
                "the default file, in logs/ of the installation, dated by Jetty's rollover");

        ContentResponse response = client.newRequest("127.0.0.1", port).path("/shop/cart?item=7&n=2")
                .headers(h -> h.put("Referer", "https://example.com/start").put("User-Agent", "curl/8.5.0"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus());
        // Written by the writer's thread, soon after the request completed, without a stop.
        await("the access log line", () -> lines(file).size() == 1);

        String line = lines(file).get(0);
        Matcher combined = Pattern.compile("(\\S+) - (\\S+) \\[([^]]+)] \"([^\"]*)\" (\\d{3}) (\\d+) \"([^\"]*)\" \"([^\"]*)\"")
                .matcher(line);
        assertTrue(combined.matches(), line);
        assertEquals("127.0.0.1", combined.group(1));
        assertEquals("-", combined.group(2), "no authenticated user");
        assertTrue(combined.group(3).matches("\\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\\d{4}"
                + ":\\d{2}:\\d{2}:\\d{2} \\+0000"), "English months, UTC, whatever the JVM's locale: " + combined.group(3));
        assertEquals("GET /shop/cart?item=7&n=2 HTTP/1.1", combined.group(4));
        assertEquals("200", combined.group(5));
        assertEquals("2", combined.group(6), "response body bytes");
        assertEquals("https://example.com/start", combined.group(7));
        assertEquals("curl/8.5.0", combined.group(8));
    }

    @Test
    void combinedLogsTheClientResolvedFromATrustedProxy() throws Exception {
        int port = start(Map.of("trusted.proxies", "127.0.0.1", "access.log.path", "access/web.log"));
        client.newRequest("127.0.0.1", port).path("/a")
                .headers(h -> h.put("X-Forwarded-For", "198.51.100.1, 203.0.113.9")).timeout(10, TimeUnit.SECONDS).send();
        // Not from a trusted proxy's header: a peer that is not trusted would be logged as itself.
        client.newRequest("127.0.0.1", port).path("/b").timeout(10, TimeUnit.SECONDS).send();
        Path file = Path.of(listener.accessLogFile());
        assertTrue(file.startsWith(home.resolve("access")), file.toString());
        assertTrue(file.getFileName().toString().matches("web\\.\\d{4}_\\d{2}_\\d{2}\\.log"), file.toString());

        List<String> lines = stopAndRead(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("203.0.113.9 - - ["), lines.get(0));
        assertTrue(lines.get(0).contains("\"GET /a HTTP/1.1\" 200 2 "), lines.get(0));
        assertTrue(lines.get(1).startsWith("127.0.0.1 - - ["), "no X-Forwarded-For: the peer: " + lines.get(1));
    }

    @Test
    void jsonLinesParseBackWithEveryField() throws Exception {
        int port = start(Map.of("access.log", "json", "trusted.proxies", "127.0.0.0/8",
                "access.log.path", "${caracal.home}/json/web.log"));
        String agent = "Mozilla/5.0 \"quoted\" \\ caf\u00e9"; // HTTP/1 header values are ISO-8859-1
        ContentResponse response = client.newRequest("127.0.0.1", port).method(HttpMethod.POST).path("/orders?id=42")
                .headers(h -> h.put("User-Agent", agent).put("X-Forwarded-For", "2001:db8::7").put("Host", "shop.example"))
                .body(new StringRequestContent("text/plain", "hello body"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus());
        Path file = Path.of(listener.accessLogFile());
        assertTrue(file.startsWith(home.resolve("json")), file.toString());

        List<String> lines = stopAndRead(file);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "one line of printable ASCII: " + line);
        JsonNode entry = JSON.readTree(line);
        Instant time = Instant.parse(entry.get("time").asText());
        assertTrue(Duration.between(time, Instant.now()).abs().toMinutes() < 5, time.toString());
        assertTrue(entry.get("time").asText().endsWith("Z"), "UTC");
        assertEquals("2001:db8::7", entry.get("client").asText());
        assertEquals("127.0.0.1", entry.get("peer").asText());
        assertEquals("POST", entry.get("method").asText());
        assertEquals("/orders?id=42", entry.get("uri").asText());
        assertEquals("HTTP/1.1", entry.get("protocol").asText());
        assertEquals("shop.example", entry.get("host").asText());
        assertEquals(200, entry.get("status").asInt());
        assertEquals(2, entry.get("bytes_sent").asLong());
        assertEquals(10, entry.get("bytes_received").asLong());
        assertTrue(entry.get("duration_ms").isNumber() && entry.get("duration_ms").asDouble() >= 0, line);
        assertTrue(entry.get("referer").isNull(), "absent header: null");
        assertEquals(agent, entry.get("user_agent").asText(), "quote, backslash and non-ASCII survive");
        assertEquals("api \"v2\"\nroute", entry.get("route").asText(), "quote and newline escaped");
        assertEquals("backend", entry.get("cluster").asText());
        assertEquals("10.0.0.5:8080", entry.get("upstream").asText());
        assertFalse(entry.get("tls").asBoolean());
        assertEquals(17, entry.size(), "exactly the documented fields: " + line);
    }

    /**
     * Jetty refuses CR and LF in header values on HTTP/1 and HTTP/2 alike, so no client can get
     * one into the log; the formatter must escape them anyway. The stand-in core formats the line
     * of the real request with a forged User-Agent and returns it.
     */
    @Test
    void jsonEscapesAQuoteAndANewlineInTheUserAgent() throws Exception {
        String forged = "evil\" \n127.0.0.1 - - \"GET /forged HTTP/1.1\" 200";
        Request.Handler formatter = (request, response, callback) -> {
            Request withForgedAgent = new Request.Wrapper(request) {
                @Override
                public HttpFields getHeaders() {
                    return HttpFields.build(super.getHeaders()).put(HttpHeader.USER_AGENT, forged);
                }
            };
            Content.Sink.write(response, true, JsonLogFormat.line(withForgedAgent, response), callback);
            return true;
        };
        proxy.set(formatter);
        int port = start(Map.of("access.log", "off"));
        String line = client.GET("http://127.0.0.1:" + port + "/").getContentAsString();
        assertFalse(line.contains("\n") || line.contains("\r"), "still one line: " + line);
        assertEquals(forged, JSON.readTree(line).get("user_agent").asText());
    }

    @Test
    void jsonWritesNullForWhatTheCoreDidNotSet() throws Exception {
        int port = start(Map.of("access.log", "json", "health.path", "/healthz"));
        Path file = Path.of(listener.accessLogFile());
        // Answered before the core, so no route/cluster/upstream: Jetty's own 400 for a bad request.
        try (RawConnection raw = new RawConnection(port)) {
            raw.send("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
            assertEquals(400, raw.readResponse().status());
        }
        // The health check is answered, not logged.
        assertEquals(200, client.GET("http://127.0.0.1:" + port + "/healthz").getStatus());

        List<String> lines = stopAndRead(file);
        assertEquals(1, lines.size(), "the 400 only, not the health check: " + lines);
        JsonNode entry = JSON.readTree(lines.get(0));
        assertEquals(400, entry.get("status").asInt());
        assertEquals("127.0.0.1", entry.get("client").asText(), "no trusted proxy: the peer");
        for (String absent : List.of("route", "cluster", "upstream", "user_agent", "referer")) {
            assertTrue(entry.get(absent).isNull(), absent + " in " + lines.get(0));
        }
    }

    @Test
    void offWritesNothing() throws Exception {
        int port = start(Map.of("access.log", "off", "access.log.path", "off-logs/web.log"));
        assertEquals(200, client.GET("http://127.0.0.1:" + port + "/").getStatus());
        assertNull(listener.accessLogFile());
        listener.stop();
        listener = null;
        assertFalse(Files.exists(home.resolve("off-logs")), "not even the directory is created");
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void anUnwritableFileIsReportedAndTheListenerServes() throws Exception {
        // A regular file where the log directory should be: unwritable for root as well.
        Files.writeString(home.resolve("blocked"), "not a directory");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int port;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            port = start(Map.of("access.log.path", "blocked/access.log"));
        } finally {
            System.setErr(originalErr);
        }
        assertEquals(200, client.GET("http://127.0.0.1:" + port + "/").getStatus(), "the listener serves");

        String problem = listener.accessLogProblem();
        assertNotNull(problem);
        assertTrue(problem.contains("key 'access.log.path'"), problem);
        assertTrue(problem.contains(home.resolve("blocked").toString()), "names the file: " + problem);
        assertTrue(problem.contains("serves without an access log"), problem);
        assertTrue(problem.endsWith(home.resolve("blocked") + " is a file, not a directory"), problem);
        String logged = err.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("ERROR") && logged.contains(problem), "logged at ERROR: " + logged);
        assertNull(listener.accessLogFile());
    }

    @Test
    void theLogCanBeSwitchedWhileTheListenerServes() throws Exception {
        int port = start(Map.of("access.log.path", "first.log"));
        Path first = Path.of(listener.accessLogFile());
        assertEquals(200, client.GET("http://127.0.0.1:" + port + "/one").getStatus());

        Map<String, Object> changed = new HashMap<>(Map.of("name", "web", "host", "127.0.0.1", "port", "0",
                "access.log", "json", "access.log.path", "second.log"));
        ListenerSpec spec = ListenerSpec.parse(changed, home);
        assertTrue(spec.sameExceptAccessLog(listener.spec()));
        assertFalse(spec.sameSettings(listener.spec()));
        listener.reconfigureAccessLog(spec);
        // The switch writes out and closes the first file.
        assertEquals(1, lines(first).size(), lines(first).toString());

        assertEquals(200, client.GET("http://127.0.0.1:" + port + "/two").getStatus(), "same port, still serving");
        Path second = Path.of(listener.accessLogFile());
        List<String> lines = stopAndRead(second);
        assertEquals(1, lines.size());
        assertEquals("/two", JSON.readTree(lines.get(0)).get("uri").asText());
    }

    @Test
    void linesThatCannotBeQueuedAreDroppedAndCountedNotWaitedFor() throws Exception {
        QueuedLogWriter writer = new QueuedLogWriter("web", home.resolve("q.yyyy_mm_dd.log").toString(), 1, 1);
        writer.write("before the start"); // nothing would ever write it
        assertEquals(1, writer.droppedLines());
        writer.start();
        Path file = Path.of(writer.currentFile());
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                writer.write("line " + i);
            }
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 5, "offering never blocks");
        } finally {
            writer.drainAndStop();
        }
        long written = Files.readAllLines(file).size();
        assertEquals(10_001, written + writer.droppedLines(), "every line is either written or counted as dropped");
    }
}
