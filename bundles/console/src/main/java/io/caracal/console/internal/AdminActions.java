package io.caracal.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.UpstreamInfo;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The operator actions, shared by the REST API and the console page:
 * {@code clusters/<cluster>/upstreams/<host:port>/drain|undrain} and
 * {@code routes/<route>/disable|enable}.
 */
final class AdminActions {

    static final String CORE_MISSING = "the routing core is not available (no ProxyStatus service)";

    /** An HTTP status and the JSON body to send with it. */
    record Outcome(int status, Object body) {
    }

    private AdminActions() {
    }

    /** Whether the path names an action (so a GET of it is 405, not 404). */
    static boolean isAction(List<String> path) {
        return isUpstreamAction(path) || isRouteAction(path);
    }

    /** Performs the action the path names; null when the path names none. */
    static Outcome perform(ProxyStatus proxy, List<String> path) {
        if (!isAction(path)) {
            return null;
        }
        if (proxy == null) {
            return error(HttpServletResponse.SC_SERVICE_UNAVAILABLE, CORE_MISSING);
        }
        return isUpstreamAction(path) ? drain(proxy, path.get(1), path.get(3), path.get(4).equals("drain"))
                : enable(proxy, path.get(1), path.get(2).equals("enable"));
    }

    private static Outcome drain(ProxyStatus proxy, String cluster, String upstream, boolean drained) {
        if (!proxy.setDrained(cluster, upstream, drained)) {
            return error(HttpServletResponse.SC_NOT_FOUND, "no upstream '" + upstream + "' in cluster '" + cluster + "'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster", cluster);
        body.put("upstream", upstream);
        body.put("drainedByOperator", drained);
        // The core's own view after the change, which also says whether configuration drains it.
        body.put("state", findUpstream(proxy.clusters(), cluster, upstream));
        return new Outcome(HttpServletResponse.SC_OK, body);
    }

    private static Outcome enable(ProxyStatus proxy, String route, boolean enabled) {
        if (!proxy.setRouteEnabled(route, enabled)) {
            return error(HttpServletResponse.SC_NOT_FOUND, "no route '" + route + "'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("route", route);
        body.put("enabled", enabled);
        body.put("state", proxy.routes().stream().filter(r -> r.name().equals(route)).findFirst().orElse(null));
        return new Outcome(HttpServletResponse.SC_OK, body);
    }

    private static UpstreamInfo findUpstream(List<ClusterInfo> clusters, String cluster, String upstream) {
        return clusters.stream().filter(c -> c.name().equals(cluster))
                .flatMap(c -> c.upstreams().stream()).filter(u -> u.id().equals(upstream))
                .findFirst().orElse(null);
    }

    static Outcome error(int status, String message) {
        return new Outcome(status, Map.of("error", message));
    }

    private static boolean isUpstreamAction(List<String> path) {
        return path.size() == 5 && path.get(0).equals("clusters") && path.get(2).equals("upstreams")
                && (path.get(4).equals("drain") || path.get(4).equals("undrain"));
    }

    private static boolean isRouteAction(List<String> path) {
        return path.size() == 3 && path.get(0).equals("routes")
                && (path.get(2).equals("disable") || path.get(2).equals("enable"));
    }
}
