package io.caracal.console.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.UpstreamInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The operator actions, shared by the REST API and the console page:
 * {@code clusters/<cluster>/upstreams/<host:port>/drain|undrain},
 * {@code routes/<route>/disable|enable} and {@code caches/purge[?route=…][&prefix=…]}.
 */
final class AdminActions {

    static final String CORE_MISSING = "the routing core is not available (no ProxyStatus service)";

    /**
     * How long a purge request waits for the core to finish. The waiting holds the request's
     * servlet thread (the web console cannot hand its plugins' requests over asynchronously);
     * purges are rare operator actions, and a purge that takes longer goes on in the background.
     */
    static final Duration PURGE_TIMEOUT = Duration.ofSeconds(30);

    static final String ROUTE_PARAMETER = "route";
    static final String PREFIX_PARAMETER = "prefix";

    private static final Logger LOG = LoggerFactory.getLogger(AdminActions.class);
    private static final Set<String> PURGE_PARAMETERS = Set.of(ROUTE_PARAMETER, PREFIX_PARAMETER);

    /** An HTTP status and the JSON body to send with it. */
    record Outcome(int status, Object body) {
    }

    private AdminActions() {
    }

    /** Whether the path names an action (so a GET of it is 405, not 404). */
    static boolean isAction(List<String> path) {
        return isUpstreamAction(path) || isRouteAction(path) || isPurge(path);
    }

    /**
     * Performs the action the path names; null when the path names none.
     *
     * @param parameters the request's parameters (only a purge reads them)
     * @param purgeTimeout how long a purge may take before the answer is 504
     */
    static Outcome perform(ProxyStatus proxy, List<String> path, Map<String, String[]> parameters,
            Duration purgeTimeout) {
        if (!isAction(path)) {
            return null;
        }
        if (proxy == null) {
            return error(HttpServletResponse.SC_SERVICE_UNAVAILABLE, CORE_MISSING);
        }
        if (isPurge(path)) {
            return purge(proxy, parameters, purgeTimeout);
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

    /**
     * {@code caches/purge}: of one route ({@code route}) or of all, and of the URLs starting with
     * {@code prefix} or all. Waits for the core up to the timeout.
     */
    private static Outcome purge(ProxyStatus proxy, Map<String, String[]> parameters, Duration timeout) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!PURGE_PARAMETERS.contains(parameter.getKey())) {
                // A misspelt parameter must not turn a narrow purge into a purge of everything.
                return error(HttpServletResponse.SC_BAD_REQUEST, "unknown parameter '" + parameter.getKey()
                        + "': a purge takes only 'route' and 'prefix'");
            }
            if (parameter.getValue().length > 1) {
                return error(HttpServletResponse.SC_BAD_REQUEST, "parameter '" + parameter.getKey()
                        + "' given more than once");
            }
        }
        String route = blankToNull(single(parameters, ROUTE_PARAMETER));
        String prefix = blankToNull(single(parameters, PREFIX_PARAMETER));
        if (prefix != null && prefix.startsWith("/")) {
            return error(HttpServletResponse.SC_BAD_REQUEST, "prefix '" + prefix + "' is a path, but it is matched "
                    + "against whole URLs (scheme://host/path?query), e.g. https://example.com" + prefix);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            CompletionStage<Long> stage = proxy.purge(route, prefix);
            if (stage == null) {
                return error(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the routing core gave no answer to the purge");
            }
            // Any CompletionStage, not only a CompletableFuture (toCompletableFuture() is optional).
            stage.whenComplete((count, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(count);
                }
            });
        } catch (IllegalArgumentException e) {
            done.completeExceptionally(e);
        }
        long purged;
        try {
            Long count = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            purged = count == null ? 0 : count;
        } catch (TimeoutException e) {
            LOG.warn("Cache purge (route {}, prefix {}) still running after {}; it goes on in the background",
                    route == null ? "all" : route, prefix == null ? "all" : prefix, describe(timeout));
            return error(HttpServletResponse.SC_GATEWAY_TIMEOUT, "the purge did not finish within "
                    + describe(timeout) + "; it goes on in the background");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted while waiting for the purge "
                    + "(shutting down?); it may go on in the background");
        } catch (ExecutionException | CancellationException e) {
            return purgeFailed(route, prefix, e instanceof ExecutionException ? e.getCause() : e);
        }
        LOG.info("Cache purge (route {}, prefix {}) removed {} entries", route == null ? "all" : route,
                prefix == null ? "all" : prefix, purged);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purged", purged);
        body.put("route", route);
        body.put("prefix", prefix);
        return new Outcome(HttpServletResponse.SC_OK, body);
    }

    private static Outcome purgeFailed(String route, String prefix, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) {
            if (route != null) {
                LOG.debug("Cache purge of unknown route {}: {}", route, cause.getMessage());
                return error(HttpServletResponse.SC_NOT_FOUND, "no route '" + route + "'");
            }
            return error(HttpServletResponse.SC_BAD_REQUEST, "purge refused: " + cause.getMessage());
        }
        LOG.error("Cache purge (route {}, prefix {}) failed", route == null ? "all" : route,
                prefix == null ? "all" : prefix, cause);
        return error(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the purge failed: " + cause);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
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

    private static boolean isPurge(List<String> path) {
        return path.size() == 2 && path.get(0).equals("caches") && path.get(1).equals("purge");
    }

    private static boolean isRouteAction(List<String> path) {
        return path.size() == 3 && path.get(0).equals("routes")
                && (path.get(2).equals("disable") || path.get(2).equals("enable"));
    }
}
