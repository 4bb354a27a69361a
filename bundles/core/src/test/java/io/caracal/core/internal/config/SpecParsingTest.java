package io.caracal.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caracal.api.config.ConfigException;

import org.junit.jupiter.api.Test;

class SpecParsingTest {

    private static final String FILE = "file:/opt/caracal/conf/caracal/io.caracal.route-web.cfg";

    @Test
    void routeDefaultsAndLists() {
        RouteSpec route = RouteSpec.parse(Map.of("name", "web", "cluster", "c", "hosts", "Example.com, *.example.org",
                "methods", new String[] {"get", "POST"}, "headers", "X-Canary: 1, X-Debug"));
        assertEquals(List.of("example.com", "*.example.org"), route.hosts());
        assertEquals("/", route.pathPrefix());
        assertEquals(java.util.Set.of("GET", "POST"), route.methods());
        assertEquals("1", route.headers().get("X-Canary"));
        assertTrue(route.headers().containsKey("X-Debug"));
        assertEquals(RouteSpec.PRESERVE_HOST, route.hostHeader());
    }

    @Test
    void routeErrorsNameFileAndKey() {
        ConfigException error = assertThrows(ConfigException.class, () -> RouteSpec.parse(
                Map.of("name", "web", "cluster", "c", "path.prefix", "api", "felix.fileinstall.filename", FILE)));
        assertEquals("/opt/caracal/conf/caracal/io.caracal.route-web.cfg", error.source());
        assertEquals("path.prefix", error.key());
        assertTrue(error.getMessage().contains("io.caracal.route-web.cfg: key 'path.prefix'"), error.getMessage());

        assertEquals("cluster", assertThrows(ConfigException.class,
                () -> RouteSpec.parse(Map.of("name", "web"))).key());
        assertEquals("hosts", assertThrows(ConfigException.class,
                () -> RouteSpec.parse(Map.of("name", "w", "cluster", "c", "hosts", "a*b.com"))).key());
    }

    @Test
    void routeCacheKeys() {
        assertEquals(null, RouteSpec.parse(Map.of("name", "web", "cluster", "c")).cache(), "no cache by default");
        CacheSpec cache = RouteSpec.parse(Map.of("name", "web", "cluster", "c", "cache", "mem",
                "cache.key", "header:X-Tenant, cookie:Lang, query")).cache();
        assertEquals("mem", cache.store());
        assertEquals(List.of(new CacheSpec.KeyPart(false, "x-tenant"), new CacheSpec.KeyPart(true, "Lang")), cache.keyParts());
        assertEquals(8L * 1024 * 1024, cache.maxObjectBytes());
        assertEquals(86400, cache.heuristicMaxSeconds());
        assertTrue(cache.coalesce());
        CacheSpec tuned = RouteSpec.parse(Map.of("name", "web", "cluster", "c", "cache", "disk",
                "cache.max.object.bytes", "1024", "cache.heuristic.max.s", "60", "cache.coalesce", "false")).cache();
        assertEquals(1024, tuned.maxObjectBytes());
        assertEquals(60, tuned.heuristicMaxSeconds());
        assertTrue(!tuned.coalesce());

        assertEquals("cache.key", assertThrows(ConfigException.class, () -> RouteSpec.parse(Map.of("name", "w",
                "cluster", "c", "cache", "mem", "cache.key", "path"))).key());
        assertEquals("cache.key", assertThrows(ConfigException.class, () -> RouteSpec.parse(Map.of("name", "w",
                "cluster", "c", "cache", "mem", "cache.key", "header:A, header:a"))).key());
        assertEquals("cache.max.object.bytes", assertThrows(ConfigException.class, () -> RouteSpec.parse(Map.of(
                "name", "w", "cluster", "c", "cache", "mem", "cache.max.object.bytes", "-1"))).key());
    }

    @Test
    void clusterUpstreamsWithWeights() {
        ClusterSpec cluster = ClusterSpec.parse(Map.of("name", "c",
                "upstreams", "http://127.0.0.1:9001, 10.0.0.2:80 weight=3, https://[::1]:8443"));
        assertEquals(3, cluster.upstreams().size());
        assertEquals(new ClusterSpec.UpstreamSpec("http", "127.0.0.1", 9001, 1, null, false), cluster.upstreams().get(0));
        assertEquals(new ClusterSpec.UpstreamSpec("http", "10.0.0.2", 80, 3, null, false), cluster.upstreams().get(1));
        assertEquals(new ClusterSpec.UpstreamSpec("https", "::1", 8443, 1, null, false), cluster.upstreams().get(2));
        assertEquals("[::1]:8443", cluster.upstreams().get(2).id());
        assertEquals("round-robin", cluster.strategy());
        assertEquals(5000, cluster.transport().connectTimeoutMillis());
    }

    @Test
    void clusterErrors() {
        assertEquals("upstreams", assertThrows(ConfigException.class,
                () -> ClusterSpec.parse(Map.of("name", "c"))).key());
        assertTrue(assertThrows(ConfigException.class, () -> ClusterSpec.parse(Map.of("name", "c",
                "upstreams", "ftp://h:1"))).getMessage().contains("scheme must be http or https"));
        assertTrue(assertThrows(ConfigException.class, () -> ClusterSpec.parse(Map.of("name", "c",
                "upstreams", "h:1 weight=0"))).getMessage().contains("weight must be 1..1000"));
        assertTrue(assertThrows(ConfigException.class, () -> ClusterSpec.parse(Map.of("name", "c",
                "upstreams", "h:1, h:1"))).getMessage().contains("listed twice"));
        ConfigException timeout = assertThrows(ConfigException.class, () -> ClusterSpec.parse(Map.of("name", "c",
                "upstreams", "h:1", "connect.timeout.ms", "soon")));
        assertEquals("connect.timeout.ms", timeout.key());
        assertTrue(timeout.getMessage().contains("'soon' is not a whole number"));
    }
}
