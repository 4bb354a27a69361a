package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web console page, its poll document and its actions, inside a stand-in for the console. */
class CaracalConsolePluginTest {

    private static final String PAGE = "/system/console/caracal";

    private final FakeProxyStatus core = new FakeProxyStatus();
    private final FakeAdminSource source = FakeAdminSource.running(core);
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        http = new JettyHarness()
                .servlet(new ConsoleHarness(new CaracalConsolePlugin(source, 1500), Fixtures.USER), "/system/console/*")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private String token() throws Exception {
        return token(http);
    }

    private static String token(JettyHarness console) throws Exception {
        Matcher m = Pattern.compile("data-csrf=\"([A-Za-z0-9_-]+)\"").matcher(console.get(PAGE).body());
        assertTrue(m.find(), "the page carries the CSRF token");
        return m.group(1);
    }

    @Test
    void pageHasTheDomContractAndNoExternalResources() throws Exception {
        HttpResponse<String> response = http.get(PAGE);
        assertEquals(200, response.statusCode());
        String page = response.body();
        for (String id : List.of("caracal-listeners", "caracal-routes", "caracal-clusters", "caracal-updated",
                "caracal-warnings", "caracal-strategies", "caracal-filters", "caracal-waf", "caracal-tls",
                "caracal-cache-stores", "caracal-blocks-ratelimit", "caracal-blocks-waf", "caracal-caches",
                "caracal-no-caches", "caracal-purge-form", "caracal-purge-prefix", "caracal-purge", "caracal-purge-all",
                "caracal-purge-result")) {
            assertTrue(page.contains("id=\"" + id + "\""), id);
        }
        assertTrue(page.contains("<ul id=\"caracal-warnings\""));
        assertTrue(page.contains("data-refresh-ms=\"1500\""));
        assertTrue(page.contains("data-root=\"/system/console/caracal\""));
        assertTrue(page.contains("<script src=\"/system/console/caracal/res/caracal.js\">"));
        assertTrue(page.contains("<table id=\"caracal-caches\""));
        assertTrue(page.contains("<input type=\"text\" id=\"caracal-purge-prefix\""));
        assertTrue(page.contains("<button type=\"submit\" id=\"caracal-purge\""));
        assertFalse(page.contains("not available yet"), "purge is there now");
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("${"),
                "nothing from the internet, nothing the console would take for a variable");
    }

    @Test
    void scriptKeepsTheDomContract() throws Exception {
        HttpResponse<String> response = http.get(PAGE + "/res/caracal.js");
        assertEquals(200, response.statusCode());
        String script = response.body();
        for (String part : List.of("'data-route'", "'data-upstream'", "'health'", "'drain-state'", "'healthy'",
                "'unhealthy'", "'drained'", "'active'", "'drain'", "'undrain'", "'disable-route'", "'enable-route'",
                "'caracal-updated'", "'caracal-warnings'", "'X-Caracal-CSRF'", "'/status.json'",
                "'caracal-caches'", "'data-cache'", "'data-cache-route'", "'purge-route'", "'data-route'",
                "'cache-ratio'", "'cache-entries'", "'cache-bytes'", "'cache-evictions'", "'cache-served'",
                "'caracal-purge'", "'caracal-purge-all'", "'caracal-purge-prefix'", "'caracal-purge-result'",
                "'/caches/purge'", "status.caches")) {
            assertTrue(script.contains(part), part);
        }
        assertFalse(script.contains("http://") || script.contains("https://") || script.contains("${"));
        assertEquals(200, http.get(PAGE + "/res/caracal.css").statusCode());
        assertEquals(404, http.get(PAGE + "/res/caracal.html").statusCode());
        assertEquals(404, http.get(PAGE + "/res/../../etc/passwd").statusCode());
    }

    @Test
    void statusJsonIsThePollDocument() throws Exception {
        HttpResponse<String> response = http.get(PAGE + "/status.json");
        assertEquals(200, response.statusCode());
        JsonNode status = Json.MAPPER.readTree(response.body());
        assertTrue(status.get("coreAvailable").asBoolean());
        assertEquals(1500, status.get("refreshIntervalMs").asInt());
        assertTrue(status.get("collectedAtMillis").asLong() > 0);
        assertEquals("default", status.at("/routes/0/name").asText());
        assertEquals("10.0.0.5:8080", status.at("/clusters/0/upstreams/0/id").asText());
        assertEquals("http", status.at("/listeners/0/name").asText());
        assertEquals(5, status.at("/blocks/ratelimit").asLong());
        assertEquals(7, status.at("/blocks/waf").asLong());
        assertEquals("owasp", status.at("/plugins/filters/1/name").asText());
        assertEquals(1, status.get("warnings").size());
        assertEquals("memory", status.at("/caches/0/name").asText());
        assertEquals(120, status.at("/caches/0/stats/entries").asLong());
        assertEquals("images", status.at("/caches/0/routes/1/route").asText());
        assertEquals(98_765_432, status.at("/caches/0/routes/1/bytesServed").asLong());
        assertFalse(status.at("/caches/1/available").asBoolean());
    }

    @Test
    void statusJsonWithoutTheCoreStillAnswers() throws Exception {
        source.proxy = null;
        JsonNode status = Json.MAPPER.readTree(http.get(PAGE + "/status.json").body());
        assertFalse(status.get("coreAvailable").asBoolean());
        assertEquals(0, status.get("routes").size());
        assertEquals(0, status.get("caches").size());
        assertEquals(AdminActions.CORE_MISSING, status.at("/warnings/0").asText());
        assertEquals("http", status.at("/listeners/0/name").asText());
    }

    @Test
    void actionsWithTheTokenFromTheSameOrigin() throws Exception {
        String token = token();
        HttpResponse<String> drain = http.post(PAGE + "/clusters/api/upstreams/10.0.0.5%3A8080/drain",
                CsrfTokens.HEADER, token, "Origin", http.origin(), "Sec-Fetch-Site", "same-origin");
        assertEquals(200, drain.statusCode(), drain.body());
        assertTrue(Json.MAPPER.readTree(drain.body()).at("/state/drained").asBoolean());
        assertEquals(200, http.post(PAGE + "/clusters/api/upstreams/10.0.0.5:8080/undrain", CsrfTokens.HEADER, token)
                .statusCode());
        assertEquals(200, http.post(PAGE + "/routes/default/disable", CsrfTokens.HEADER, token).statusCode());
        assertEquals(200, http.post(PAGE + "/routes/default/enable", CsrfTokens.HEADER, token).statusCode());
        assertEquals(List.of("setDrained api 10.0.0.5:8080 true", "setDrained api 10.0.0.5:8080 false",
                "setRouteEnabled default false", "setRouteEnabled default true"), core.calls);
        assertEquals(404, http.post(PAGE + "/routes/nope/disable", CsrfTokens.HEADER, token).statusCode());
    }

    @Test
    void actionsWithoutOrWithAWrongTokenAre403() throws Exception {
        assertEquals(403, http.post(PAGE + "/routes/default/disable").statusCode());
        assertEquals(403, http.post(PAGE + "/routes/default/disable", CsrfTokens.HEADER, "forged").statusCode());
        assertEquals(403, http.post(PAGE + "/routes/default/disable", CsrfTokens.HEADER,
                new CsrfTokens().tokenFor(Fixtures.USER)).statusCode());
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void actionsFromAnotherOriginAre403EvenWithTheToken() throws Exception {
        String token = token();
        HttpResponse<String> response = http.post(PAGE + "/routes/default/disable", CsrfTokens.HEADER, token,
                "Origin", "http://evil.example");
        assertEquals(403, response.statusCode());
        assertEquals(403, http.post(PAGE + "/routes/default/disable", CsrfTokens.HEADER, token,
                "Sec-Fetch-Site", "cross-site").statusCode());
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void unknownActionsAndPagesAre404() throws Exception {
        String token = token();
        assertEquals(404, http.post(PAGE + "/bundles/stop", CsrfTokens.HEADER, token).statusCode());
        assertEquals(404, http.get(PAGE + "/nothing.json").statusCode());
    }

    @Test
    void purgeActionsWithTheToken() throws Exception {
        String token = token();
        // As the page's purge-route button sends it.
        HttpResponse<String> route = http.post(PAGE + "/caches/purge?route=images", CsrfTokens.HEADER, token,
                "Origin", http.origin(), "Sec-Fetch-Site", "same-origin", "Accept", "application/json");
        assertEquals(200, route.statusCode(), route.body());
        JsonNode body = Json.MAPPER.readTree(route.body());
        assertEquals(FakeProxyStatus.PURGED, body.get("purged").asLong());
        assertEquals("images", body.get("route").asText());
        assertTrue(body.get("prefix").isNull());
        // As the prefix form sends it (encodeURIComponent), and "Purge all caches".
        HttpResponse<String> prefix = http.post(PAGE + "/caches/purge?prefix=https%3A%2F%2Fexample.com%2Fimages%2F",
                CsrfTokens.HEADER, token);
        assertEquals("https://example.com/images/", Json.MAPPER.readTree(prefix.body()).get("prefix").asText());
        assertEquals(200, http.post(PAGE + "/caches/purge", CsrfTokens.HEADER, token).statusCode());
        assertEquals(List.of("purge images null", "purge null https://example.com/images/", "purge null null"),
                core.calls);

        HttpResponse<String> unknown = http.post(PAGE + "/caches/purge?route=nope", CsrfTokens.HEADER, token);
        assertEquals(404, unknown.statusCode());
        assertEquals("no route 'nope'", Json.MAPPER.readTree(unknown.body()).get("error").asText());
        assertEquals(400, http.post(PAGE + "/caches/purge?rout=images", CsrfTokens.HEADER, token).statusCode());
    }

    @Test
    void purgeWithoutTheTokenOrFromAnotherOriginIs403() throws Exception {
        assertEquals(403, http.post(PAGE + "/caches/purge").statusCode());
        assertEquals(403, http.post(PAGE + "/caches/purge?route=images", CsrfTokens.HEADER, "forged").statusCode());
        String token = token();
        assertEquals(403, http.post(PAGE + "/caches/purge", CsrfTokens.HEADER, token, "Origin", "http://evil.example")
                .statusCode());
        assertEquals(403, http.post(PAGE + "/caches/purge", CsrfTokens.HEADER, token, "Sec-Fetch-Site", "cross-site")
                .statusCode());
        assertTrue(core.calls.isEmpty());
    }

    @Test
    void purgeFromThePageWithoutTheCoreIs503AndSlowPurgesAre504() throws Exception {
        String token = token();
        source.proxy = null;
        assertEquals(503, http.post(PAGE + "/caches/purge", CsrfTokens.HEADER, token).statusCode());
        source.proxy = core;
        core.purgeHandler = (route, prefix) -> new CompletableFuture<>();
        try (JettyHarness quick = new JettyHarness().servlet(new ConsoleHarness(
                new CaracalConsolePlugin(source, 1500, Duration.ofMillis(100)), Fixtures.USER),
                "/system/console/*").start()) {
            HttpResponse<String> slow = quick.post(PAGE + "/caches/purge", CsrfTokens.HEADER, token(quick));
            assertEquals(504, slow.statusCode());
            assertTrue(slow.body().contains("goes on in the background"), slow.body());
        }
    }
}
