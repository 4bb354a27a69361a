package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP caching in the running distribution with the real store bundles: the memory store, and the
 * disk store across a restart; purge through the admin API; cache metrics.
 */
class CacheIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestOrigin origin;
    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start("cached");
        caracal = CaracalProcess.create("cache");
        caracal.writeConfig("io.caracal.cluster-origin.cfg", "name = origin", "upstreams = " + origin.url());
        caracal.writeConfig("io.caracal.cache.memory-mem.cfg", "name = mem", "max.bytes = 16777216");
        caracal.writeConfig("io.caracal.cache.disk-disk.cfg", "name = disk", "max.bytes = 16777216");
        caracal.writeConfig("io.caracal.route-mem.cfg", "name = mem", "path.prefix = /mem/", "cluster = origin",
                "cache = mem");
        caracal.writeConfig("io.caracal.route-disk.cfg", "name = disk", "path.prefix = /disk/", "cluster = origin",
                "cache = disk");
        caracal.start();
        caracal.awaitServing("/");
        awaitCaching("/mem/cacheable/probe");
        awaitCaching("/disk/cacheable/probe");
    }

    /** Until the route's store is bound, responses carry no Cache-Status. */
    private static void awaitCaching(String path) {
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "caching on " + path,
                () -> Http.get(caracal.url(path)).headers().firstValue("Cache-Status").orElse(""),
                status -> status.startsWith("Caracal"));
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

    @Test
    void aSecondRequestIsAHitThatNeverReachesTheOrigin() throws Exception {
        HttpResponse<String> first = Http.get(caracal.url("/mem/cacheable/a"));
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Cache-Status").orElse("").contains("stored"),
                first.headers().map().toString());

        HttpResponse<String> second = Http.get(caracal.url("/mem/cacheable/a"));
        assertEquals(200, second.statusCode());
        assertEquals(first.body(), second.body());
        assertTrue(second.headers().firstValue("Cache-Status").orElse("").contains("hit"),
                second.headers().map().toString());
        assertTrue(second.headers().firstValue("Age").isPresent(), "a cached answer says its age");
        assertEquals(1, origin.requests("/mem/cacheable/a"));
    }

    @Test
    void noStoreIsNeverCachedAndPrivateIsNotShared() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, Http.get(caracal.url("/mem/cacheable/nostore?cc=no-store")).statusCode());
            assertEquals(200, Http.get(caracal.url("/mem/cacheable/private?cc=private,max-age=60")).statusCode());
        }
        assertEquals(2, origin.requests("/mem/cacheable/nostore"));
        assertEquals(2, origin.requests("/mem/cacheable/private"));
    }

    @Test
    void aBurstOfMissesSendsOneRequestUpstream() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> Http.get(caracal.url("/mem/cacheable/burst"))));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals("cacheable 1\n", response.body(), "every client gets the one upstream answer");
            }
            assertEquals(1, origin.requests("/mem/cacheable/burst"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDiskStoreServesAcrossARestart() throws Exception {
        assertEquals(200, Http.get(caracal.url("/disk/cacheable/kept")).statusCode());
        caracal.stop();
        caracal.start();
        caracal.awaitServing("/");
        // Both stores, so the tests that run after this one find their routes caching again.
        awaitCaching("/mem/cacheable/probe");
        awaitCaching("/disk/cacheable/probe");
        HttpResponse<String> after = Http.get(caracal.url("/disk/cacheable/kept"));
        assertEquals(200, after.statusCode());
        assertEquals("cacheable 1\n", after.body());
        assertTrue(after.headers().firstValue("Cache-Status").orElse("").contains("hit"),
                after.headers().map().toString());
        assertEquals(1, origin.requests("/disk/cacheable/kept"));
    }

    @Test
    void purgingThroughTheAdminApiEmptiesTheRoutesCache() throws Exception {
        caracal.awaitConsole();
        assertEquals(200, Http.get(caracal.url("/mem/cacheable/purged")).statusCode());
        assertEquals(200, Http.get(caracal.url("/mem/cacheable/purged")).statusCode());
        assertEquals(1, origin.requests("/mem/cacheable/purged"));

        HttpResponse<String> purge = Http.send(Http.request(caracal.adminUrl("/api/v1/caches/purge?route=mem"))
                .header("Authorization", Http.basicAuth("admin", caracal.adminPassword()))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, purge.statusCode(), purge.body());
        assertTrue(JSON.readTree(purge.body()).path("purged").asLong() >= 1, purge.body());

        assertEquals(200, Http.get(caracal.url("/mem/cacheable/purged")).statusCode());
        assertEquals(2, origin.requests("/mem/cacheable/purged"), "purged: the origin is asked again");

        HttpResponse<String> caches = Http.get(caracal.adminUrl("/api/v1/caches"), "Authorization",
                Http.basicAuth("admin", caracal.adminPassword()));
        JsonNode mem = null;
        for (JsonNode cache : JSON.readTree(caches.body())) {
            if ("mem".equals(cache.path("name").asText())) {
                mem = cache;
            }
        }
        assertTrue(mem != null && mem.path("available").asBoolean(), caches.body());
        String metrics = Http.get(caracal.adminUrl("/metrics")).body();
        assertTrue(metrics.contains("caracal_cache_requests_total{"), "cache metrics");
    }
}
