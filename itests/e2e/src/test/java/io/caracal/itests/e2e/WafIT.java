package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WAF in the running distribution with the OWASP CRS that Debian's modsecurity-crs installs
 * (the build runs bin/install-crs.sh first): attacks denied with 403 and a request id that leads
 * to the JSON match log, ordinary traffic (forms, JSON, uploads, other languages) untouched and
 * forwarded intact, per-route exclusions, detection-only mode and the body inspection limit.
 */
class WafIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestOrigin origin;
    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start("app");
        caracal = CaracalProcess.create("waf");
        caracal.writeConfig("io.caracal.cluster-app.cfg", "name = app", "upstreams = " + origin.url());
        // The distribution's default filter 'waf' (CRS, blocking) guards /; three more filters show
        // per-route exclusions, detection-only mode and a small body limit.
        caracal.writeConfig("io.caracal.filter.waf-search.cfg", "name = waf-search", "rulesets = crs",
                "exclude.targets = 942000-942999:ARGS:query");
        caracal.writeConfig("io.caracal.filter.waf-watch.cfg", "name = waf-watch", "rulesets = crs",
                "mode = detection-only");
        caracal.writeConfig("io.caracal.filter.waf-small.cfg", "name = waf-small", "rulesets = crs",
                "body.limit = 1024");
        route("app", "/", "waf");
        route("search", "/search/", "waf-search");
        route("watch", "/watch/", "waf-watch");
        route("small", "/small/", "waf-small");
        caracal.start();
        caracal.awaitServing("/");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the WAF to deny an attack",
                () -> get("/?id=" + encode("1' or 1=1--")).statusCode(), status -> status == 403);
        // Each filter compiles its rule sets on its own; until it has, its route fails closed (503).
        for (String prefix : List.of("/search/", "/watch/", "/small/")) {
            Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the WAF filter of " + prefix + " to be ready",
                    () -> get(prefix).statusCode(), status -> status == 200);
        }
    }

    private static void route(String name, String prefix, String filters) {
        caracal.writeConfig("io.caracal.route-" + name + ".cfg", "name = " + name, "path.prefix = " + prefix,
                "cluster = app", "filters = " + filters);
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    /** A host name, not an IP: CRS scores a numeric Host header as a protocol anomaly. */
    private static URI url(String pathAndQuery) {
        return URI.create("http://localhost:" + caracal.listenerPort() + pathAndQuery);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return Http.get(url(pathAndQuery), "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Firefox/120.0",
                "Accept", "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language", "en-US,en;q=0.5");
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return Http.send(Http.request(url(path))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Firefox/120.0")
                .header("Accept", "*/*")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void attacksAreDeniedWithARequestIdThatLeadsToTheMatchLog() throws Exception {
        Map<String, String> attacks = Map.of(
                "/?id=" + encode("1' or 1=1--"), "942",
                "/?q=" + encode("<script>alert(document.cookie)</script>"), "941",
                "/download?file=" + encode("../../../../etc/passwd"), "930",
                "/?cmd=" + encode(";cat /etc/passwd"), "932",
                "/?q=" + encode("1 UNION SELECT username, password FROM users"), "942");
        int originRequests = origin.requests();
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            HttpResponse<String> response = get(attack.getKey());
            assertEquals(403, response.statusCode(), attack.getKey() + ": " + response.body());
            String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
            assertNotNull(requestId, "request id header for " + attack.getKey());
            assertTrue(response.body().contains(requestId), response.body());
            List<JsonNode> matches = awaitMatches(requestId, 2);
            assertTrue(matches.stream().anyMatch(m -> m.get("ruleId").asText().startsWith(attack.getValue())),
                    attack.getKey() + " matched a rule of family " + attack.getValue() + ": " + matches);
            JsonNode blocking = matches.stream().filter(m -> m.get("action").asText().equals("blocked")).findFirst()
                    .orElseThrow(() -> new AssertionError("no blocking entry for " + requestId + ": " + matches));
            assertEquals(949110, blocking.get("ruleId").asInt());
            assertEquals("app", blocking.get("route").asText());
            assertTrue(blocking.get("anomalyScore").asInt() >= 5, blocking.toString());
        }
        assertEquals(originRequests, origin.requests(), "no attack reached the origin");
    }

    @Test
    void ordinaryTrafficPassesAndBodiesReachTheOriginIntact() throws Exception {
        assertEquals(200, get("/products?category=shoes&size=42&sort=price_asc").statusCode());
        assertEquals(200, get("/search?q=" + encode("Grüße aus Köln – Ærø, Zürich, Łódź, Москва, 東京, 서울, مرحبا")).statusCode());
        assertEquals(200, get("/articles?title=" + encode("Rock 'n' roll: O'Brien's guide to select the best union")).statusCode());
        byte[] form = ("name=" + encode("Seán O'Connor") + "&comment=" + encode("Great product, 5/5! Would buy again; "
                + "delivery took 3-4 days.") + "&email=" + encode("sean@example.ie")).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post("/contact", "application/x-www-form-urlencoded", form).statusCode());
        byte[] json = "{\"order\":{\"items\":[{\"sku\":\"A-100\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}],\"note\":\"Leave at the door, it's fine\",\"total\":59.90}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post("/api/orders", "application/json", json).statusCode());

        byte[] file = TestOrigin.downloadBytes(200_000);
        String boundary = "----caracal7e3b";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHoliday photos\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"beach.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] multipart = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, multipart, 0, head.length);
        System.arraycopy(file, 0, multipart, head.length, file.length);
        System.arraycopy(tail, 0, multipart, head.length + file.length, tail.length);
        HttpResponse<String> upload = post("/upload", "multipart/form-data; boundary=" + boundary, multipart);
        assertEquals(200, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains("bytes=" + multipart.length + " sha256=" + TestOrigin.sha256(multipart)),
                "the origin got the upload byte for byte: " + upload.body());
    }

    @Test
    void attacksInBodiesAreDenied() throws Exception {
        assertEquals(403, post("/contact", "application/x-www-form-urlencoded",
                ("comment=" + encode("<img src=x onerror=alert(1)>")).getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(403, post("/api/users", "application/json",
                "{\"user\":{\"name\":\"admin' OR '1'='1' --\"}}".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(403, post("/api/import", "text/xml",
                "<doc><q>1 UNION SELECT password FROM users</q></doc>".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void aResponseThatLeaksADatabaseErrorIsReplaced() throws Exception {
        HttpResponse<String> response = get("/leak");
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("response blocked"), response.body());
        assertTrue(!response.body().contains("SQL syntax"), "none of the upstream's page reaches the client");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        List<JsonNode> matches = awaitMatches(requestId, 2);
        assertTrue(matches.stream().anyMatch(m -> m.get("ruleId").asText().startsWith("951")), matches.toString());
        JsonNode blocking = matches.stream().filter(m -> m.get("action").asText().equals("blocked")).findFirst()
                .orElseThrow(() -> new AssertionError("no blocking entry: " + matches));
        assertEquals(959100, blocking.get("ruleId").asInt());
    }

    @Test
    void aRouteExclusionAppliesToItsRouteOnly() throws Exception {
        String sqlish = encode("' or 1=1--");
        assertEquals(200, get("/search/?query=" + sqlish).statusCode(), "excluded target on the search route");
        assertEquals(403, get("/search/?other=" + sqlish).statusCode(), "other arguments are still inspected");
        assertEquals(403, get("/?query=" + sqlish).statusCode(), "other routes are not affected");
    }

    @Test
    void detectionOnlyLetsAttacksThroughAndLogsThem() throws Exception {
        HttpResponse<String> response = get("/watch/?id=" + encode("1' or 1=1--"));
        assertEquals(200, response.statusCode(), response.body());
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "a 'detected' entry for the watch route",
                () -> readMatches().stream().anyMatch(m -> m.get("route").asText().equals("watch")
                        && m.get("action").asText().equals("detected")), found -> found);
    }

    @Test
    void aBodyLongerThanTheInspectionLimitIsRefused() throws Exception {
        byte[] big = ("data=" + "a".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post("/small/form", "application/x-www-form-urlencoded", big);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
        assertEquals(200, post("/small/form", "application/x-www-form-urlencoded",
                "data=short".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    private static List<JsonNode> awaitMatches(String requestId, int atLeast) throws Exception {
        return Poll.until(CaracalProcess.CHANGE_TIMEOUT, "match log entries for request " + requestId,
                () -> readMatches().stream().filter(m -> m.get("requestId").asText().equals(requestId)).toList(),
                found -> found.size() >= atLeast);
    }

    private static List<JsonNode> readMatches() throws Exception {
        Path log = caracal.home().resolve("logs/waf.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<JsonNode> entries = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                entries.add(JSON.readTree(line));
            }
        }
        return entries;
    }
}
