package io.caracal.core.internal.routing;

import java.util.List;
import java.util.Locale;

import io.caracal.api.filter.RequestBodyFilter;
import io.caracal.core.internal.cache.RouteCache;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.filter.FilterBinding;
import io.caracal.core.internal.stats.TrafficCounter;
import io.caracal.core.internal.upstream.ClusterRuntime;

import org.eclipse.jetty.http.HttpFields;

/** A route bound to its cluster in one snapshot, with matching prepared for the request path. */
public final class CompiledRoute {

    private final RouteSpec spec;
    private final ClusterRuntime cluster;
    private final List<FilterBinding> filters;
    private final boolean inspectsBody;
    private final TrafficCounter traffic;
    private final boolean disabled;
    private final RouteCache cache;
    private final String[] exactHosts;
    private final String[] hostSuffixes;
    private final boolean anyHost;
    private final String[] methods;
    private final String[] headerNames;
    private final String[] headerValues;

    /**
     * @param traffic the route's request counters, kept by the router across snapshots
     * @param disabled whether an operator has disabled the route: it still matches, and answers 503
     */
    public CompiledRoute(RouteSpec spec, ClusterRuntime cluster, List<FilterBinding> filters, TrafficCounter traffic,
            boolean disabled) {
        this(spec, cluster, filters, traffic, disabled, null);
    }

    /** @param cache the route's cache, or null when it does not cache */
    public CompiledRoute(RouteSpec spec, ClusterRuntime cluster, List<FilterBinding> filters, TrafficCounter traffic,
            boolean disabled, RouteCache cache) {
        this.spec = spec;
        this.cache = cache;
        this.cluster = cluster;
        this.filters = List.copyOf(filters);
        this.inspectsBody = this.filters.stream().anyMatch(binding -> binding.filter() instanceof RequestBodyFilter);
        this.traffic = traffic;
        this.disabled = disabled;
        List<String> hosts = spec.hosts();
        this.anyHost = hosts.contains("*");
        this.exactHosts = hosts.stream().filter(h -> !h.startsWith("*")).toArray(String[]::new);
        // "*.example.com" matches any name ending in ".example.com", but not "example.com" itself.
        this.hostSuffixes = hosts.stream().filter(h -> h.startsWith("*.")).map(h -> h.substring(1)).toArray(String[]::new);
        this.methods = spec.methods().toArray(String[]::new);
        this.headerNames = spec.headers().keySet().toArray(String[]::new);
        this.headerValues = spec.headers().values().toArray(String[]::new);
    }

    public RouteSpec spec() {
        return spec;
    }

    /** The cluster, or {@code null} when the route names a cluster that is not configured. */
    public ClusterRuntime cluster() {
        return cluster;
    }

    /** The route's filters in order; a missing one has no service. */
    public List<FilterBinding> filters() {
        return filters;
    }

    /**
     * Whether a filter of the route reads the request body before the filters run; decided when
     * the route is bound, so that other routes' requests never look.
     */
    public boolean inspectsBody() {
        return inspectsBody;
    }

    /** Every request the route matched, including the answers the proxy made itself. */
    public TrafficCounter traffic() {
        return traffic;
    }

    /** Whether an operator has disabled the route (its requests get 503). */
    public boolean disabled() {
        return disabled;
    }

    /**
     * The route's cache, or null when it does not cache. Its store is null while no store of the
     * configured name is registered.
     */
    public RouteCache cache() {
        return cache;
    }

    /** How specific the host match is: exact hosts beat wildcards, which beat any host. */
    int hostRank() {
        return exactHosts.length > 0 ? 2 : hostSuffixes.length > 0 ? 1 : 0;
    }

    boolean matches(String host, String path, String method, HttpFields headers) {
        return matchesHost(host) && path.startsWith(spec.pathPrefix()) && matchesMethod(method)
                && matchesHeaders(headers);
    }

    private boolean matchesHost(String host) {
        if (anyHost) {
            return true;
        }
        for (String exact : exactHosts) {
            if (exact.equalsIgnoreCase(host)) {
                return true;
            }
        }
        if (host != null) {
            String lower = host.toLowerCase(Locale.ROOT);
            for (String suffix : hostSuffixes) {
                if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matchesMethod(String method) {
        if (methods.length == 0) {
            return true;
        }
        for (String allowed : methods) {
            if (allowed.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesHeaders(HttpFields headers) {
        for (int i = 0; i < headerNames.length; i++) {
            String expected = headerValues[i];
            if (expected == null ? !headers.contains(headerNames[i]) : !headers.contains(headerNames[i], expected)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "route '" + spec.name() + "'";
    }
}
