package io.caracal.core.internal.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.caracal.core.internal.upstream.ClusterRuntime;

import org.eclipse.jetty.http.HttpFields;

/**
 * An immutable view of routes and clusters. The router swaps in a new snapshot on every change; a
 * request keeps the snapshot it started with.
 *
 * @param routes routes in match order: most specific first
 * @param clusters clusters by name
 * @param warnings problems an operator should see (missing strategies, dangling cluster names …)
 */
public record Snapshot(List<CompiledRoute> routes, Map<String, ClusterRuntime> clusters, List<String> warnings,
        boolean anyFilters) {

    /** Match order: exact host, then wildcard, then any host; longer path prefixes first; more conditions first. */
    static final Comparator<CompiledRoute> MATCH_ORDER = Comparator
            .comparingInt(CompiledRoute::hostRank).reversed()
            .thenComparing(Comparator.comparingInt((CompiledRoute r) -> r.spec().pathPrefix().length()).reversed())
            .thenComparing(Comparator.comparingInt((CompiledRoute r) -> r.spec().methods().size() + r.spec().headers().size()).reversed())
            .thenComparing(r -> r.spec().name());

    /** Declared after {@link #MATCH_ORDER}, which its construction uses. */
    public static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), List.of());

    public Snapshot {
        routes = routes.stream().sorted(MATCH_ORDER).toList();
        clusters = Map.copyOf(clusters);
        warnings = List.copyOf(warnings);
    }

    /** @param anyFilters is derived: whether some route runs filters (lets requests skip a second look) */
    public Snapshot(List<CompiledRoute> routes, Map<String, ClusterRuntime> clusters, List<String> warnings) {
        this(routes, clusters, warnings, routes.stream().anyMatch(route -> !route.filters().isEmpty()));
    }

    /** The first route that matches, or {@code null}. */
    public CompiledRoute match(String host, String path, String method, HttpFields headers) {
        for (CompiledRoute route : routes) {
            if (route.matches(host, path, method, headers)) {
                return route;
            }
        }
        return null;
    }
}
