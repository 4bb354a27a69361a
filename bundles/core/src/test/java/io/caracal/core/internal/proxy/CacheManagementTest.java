package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.cache.CacheStore;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.status.ProxyStatusComponent;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/** The cache as operators see it: stores and counters in ProxyStatus, purges, a missing store. */
class CacheManagementTest extends CacheTestSupport {

    private ProxyStatusComponent status;

    @BeforeEach
    void startStatus() {
        status = new ProxyStatusComponent(router);
        origin = (request, response, callback) -> {
            if ("\"e\"".equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
                answer(response, callback, 304, "", "ETag", "\"e\"", "Cache-Control", "max-age=60");
            } else {
                answer(response, callback, 200, "0123456789", "ETag", "\"e\"", "Cache-Control", "max-age=60");
            }
        };
    }

    private CacheInfo cache(String store) {
        return status.caches().stream().filter(c -> c.name().equals(store)).findFirst().orElseThrow();
    }

    private CacheInfo.RouteCacheStats routeStats(String store, String route) {
        return cache(store).routes().stream().filter(r -> r.route().equals(route)).findFirst().orElseThrow();
    }

    private long purge(String route, String prefix) throws Exception {
        return status.purge(route, prefix).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void cachesListEachStoreWithItsRoutesAndCounters() throws Exception {
        route("a", "/a");
        route("b", "/b");
        route("c", "/c", "cache", "missing");
        router.putRoute("route~plain", RouteSpec.parse(Map.of("name", "plain", "path.prefix", "/p", "cluster", "c")));

        get("/a/1");                                   // miss, stored
        get("/a/1");                                   // hit: 10 bytes
        get("/a/1", "Range", "bytes=0-3");             // hit: 4 bytes
        store.age(100);
        get("/a/1");                                   // revalidation: 304, 10 bytes from the cache
        get("/b/1");
        get("/a/1", "Cache-Control", "only-if-cached"); // hit

        assertEquals(List.of("mem", "missing"), status.caches().stream().map(CacheInfo::name).toList());
        CacheInfo mem = cache("mem");
        assertTrue(mem.available());
        assertEquals("test.cache 1.0.0", mem.provider());
        assertEquals(2, mem.stats().entries());
        assertEquals(List.of("a", "b"), mem.routes().stream().map(CacheInfo.RouteCacheStats::route).toList());
        assertEquals(new CacheInfo.RouteCacheStats("a", 3, 2, 1, 2, 10 + 4 + 10 + 10), routeStats("mem", "a"));
        assertEquals(new CacheInfo.RouteCacheStats("b", 0, 1, 0, 1, 0), routeStats("mem", "b"));

        CacheInfo missing = cache("missing");
        assertFalse(missing.available());
        assertEquals("", missing.provider());
        assertNull(missing.stats());
        assertTrue(status.warnings().contains("Route 'c' caches in store 'missing', which is not available: "
                + "its responses are not cached"), status.warnings().toString());
        // A route whose store is missing works uncached.
        ContentResponse uncached = get("/c/1");
        assertEquals(200, uncached.getStatus());
        assertNull(uncached.getHeaders().get("Cache-Status"));
        get("/c/1");
        assertEquals(5, originRequests.get());
        assertNull(get("/p/1").getHeaders().get("Cache-Status"), "a route without cache does no caching");

        // The store appears: the route caches from the next request on.
        MapCacheStore late = new MapCacheStore();
        router.bindCacheStore(storeReference("missing", "test.late"), late);
        get("/c/1");
        assertTrue(get("/c/1").getHeaders().get("Cache-Status").startsWith("Caracal; hit"));
        assertEquals("test.late 1.0.0", cache("missing").provider());
        assertEquals(1, late.responses());
    }

    @Test
    void countersSurviveConfigurationChangesAndStoreChanges() throws Exception {
        route("a", "/a");
        get("/a/1");
        get("/a/1");
        router.putRoute("route~other", RouteSpec.parse(Map.of("name", "other", "path.prefix", "/o", "cluster", "c")));
        route("a", "/a", "cache.heuristic.max.s", "10");
        assertEquals(1, routeStats("mem", "a").hits());

        ServiceReference<CacheStore> reference = storeReference("mem", "test.cache");
        router.bindCacheStore(reference, store);
        router.unbindCacheStore(reference, store);
        assertEquals(1, routeStats("mem", "a").hits());
        assertEquals(1, routeStats("mem", "a").misses());
    }

    @Test
    void purgeByRouteAndByUrlPrefix() throws Exception {
        route("a", "/a");
        route("b", "/b");
        String base = "http://127.0.0.1:" + proxyPort;
        for (String path : List.of("/a/img/1", "/a/img/2", "/a/css/1", "/b/img/1", "/b/x")) {
            get(path);
        }
        assertEquals(5, store.responses());

        assertEquals(2, purge("a", base + "/a/img/"));
        assertEquals(List.of("/a/css/1", "/b/img/1", "/b/x"), cachedPaths());
        assertEquals(2, purge("b", null), "a whole route");
        assertEquals(List.of("/a/css/1"), cachedPaths());
        for (String path : List.of("/a/img/1", "/b/img/1")) {
            get(path);
        }
        assertEquals(3, purge(null, base + "/"), "every caching route");
        assertEquals(List.of(), cachedPaths());

        ExecutionException unknown = assertThrows(ExecutionException.class, () -> purge("nope", ""));
        assertInstanceOf(IllegalArgumentException.class, unknown.getCause());
        router.putRoute("route~plain", RouteSpec.parse(Map.of("name", "plain", "path.prefix", "/p", "cluster", "c")));
        ExecutionException plain = assertThrows(ExecutionException.class, () -> purge("plain", ""));
        assertInstanceOf(IllegalArgumentException.class, plain.getCause());
        assertEquals("route 'plain' does not cache", plain.getCause().getMessage());

        // A purged entry is fetched anew.
        int before = originRequests.get();
        get("/a/css/1");
        assertEquals(before + 1, originRequests.get());
    }

    private List<String> cachedPaths() {
        return store.entries.keySet().stream().map(key -> key.substring(key.indexOf('/', key.indexOf("//") + 2)))
                .toList();
    }
}
