package io.caracal.core.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import io.caracal.core.internal.config.RouteSpec;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private static CompiledRoute route(String name, Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(extra);
        properties.put("name", name);
        properties.put("cluster", "c");
        return new CompiledRoute(RouteSpec.parse(properties), null, java.util.List.of(),
                new io.caracal.core.internal.stats.TrafficCounter(), false);
    }

    private static String match(Snapshot snapshot, String host, String path, String method, HttpFields headers) {
        CompiledRoute route = snapshot.match(host, path, method, headers);
        return route == null ? null : route.spec().name();
    }

    @Test
    void mostSpecificRouteWins() {
        Snapshot snapshot = new Snapshot(List.of(
                route("any", Map.of()),
                route("api", Map.of("path.prefix", "/api")),
                route("api-v2", Map.of("path.prefix", "/api/v2")),
                route("wild", Map.of("hosts", "*.example.com")),
                route("exact", Map.of("hosts", "www.example.com")),
                route("post-api", Map.of("path.prefix", "/api", "methods", "POST")),
                route("canary", Map.of("path.prefix", "/api", "headers", "X-Canary: 1"))),
                Map.of(), List.of());
        HttpFields none = HttpFields.EMPTY;
        assertEquals("any", match(snapshot, "other.org", "/", "GET", none));
        assertEquals("api", match(snapshot, "other.org", "/api/x", "GET", none));
        assertEquals("api-v2", match(snapshot, "other.org", "/api/v2/x", "GET", none));
        assertEquals("post-api", match(snapshot, "other.org", "/api/x", "POST", none));
        assertEquals("canary", match(snapshot, "other.org", "/api/x", "GET",
                HttpFields.build().add("X-Canary", "1")));
        assertEquals("api", match(snapshot, "other.org", "/api/x", "GET",
                HttpFields.build().add("X-Canary", "2")));
        assertEquals("exact", match(snapshot, "WWW.Example.com", "/", "GET", none));
        assertEquals("wild", match(snapshot, "img.example.com", "/", "GET", none));
        assertEquals("any", match(snapshot, "example.com", "/", "GET", none), "*.example.com does not match the apex");
    }

    @Test
    void noMatchWithoutCatchAll() {
        Snapshot snapshot = new Snapshot(List.of(route("exact", Map.of("hosts", "a.test"))), Map.of(), List.of());
        assertNull(match(snapshot, "b.test", "/", "GET", HttpFields.EMPTY));
        assertNull(match(snapshot, null, "/", "GET", HttpFields.EMPTY));
    }
}
