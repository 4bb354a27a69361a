package io.caracal.core.internal.proxy;

import java.util.concurrent.TimeoutException;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.http.RequestView;
import io.caracal.core.internal.cache.CachingExchange;
import io.caracal.core.internal.cache.RouteCache;
import io.caracal.core.internal.filter.FilterRun;
import io.caracal.core.internal.routing.CompiledRoute;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.routing.Snapshot;
import io.caracal.core.internal.upstream.ClusterRuntime;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The proxy's request handler, registered for listeners to attach. It matches a route in the
 * current snapshot and hands the request to an {@link Exchange} with the route's cluster, or, on
 * a route that caches, to a {@link CachingExchange} that forwards only what the cache cannot answer.
 * When a filter of the route inspects bodies, the start of the body is read first
 * ({@link BodyInspection}), the filters run with it, and the exchange sends it on before the rest.
 */
@Component(service = Request.Handler.class, property = "caracal.role=proxy")
public final class ProxyRequestHandler implements Request.Handler {

    private final Router router;

    @Activate
    public ProxyRequestHandler(@Reference Router router) {
        this.router = router;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        TrafficCallback counted = new TrafficCallback(callback, response, System.nanoTime());
        if (hasFilters(request)) {
            // This handler is non-blocking, so Jetty may call it on a selector thread, which every
            // connection of the listener shares. Filters may spend real CPU (bcrypt, signatures,
            // WAF rules): run them and the rest of the request on a worker thread instead.
            try {
                request.getComponents().getExecutor().execute(() -> forward(request, response, counted));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                ErrorResponses.send(response, counted, HttpStatus.SERVICE_UNAVAILABLE_503, "the proxy is overloaded, retry");
            }
            return true;
        }
        forward(request, response, counted);
        return true;
    }

    /** Whether the route the request matches now runs filters (a cheap look: matching is repeated). */
    private boolean hasFilters(Request request) {
        Snapshot snapshot = router.snapshot();
        if (!snapshot.anyFilters()) {
            return false; // decided when the snapshot was built: no second match per request
        }
        HttpURI uri = request.getHttpURI();
        CompiledRoute route = snapshot.match(Request.getServerName(request),
                uri.getPath() == null ? "/" : uri.getPath(), request.getMethod(), request.getHeaders());
        return route != null && !route.filters().isEmpty();
    }

    private void forward(Request request, Response response, TrafficCallback counted) {
        forward(request, response, counted, null);
    }

    /** @param inspected the start of the body, read for the route's filters, or null when not read (yet) */
    private void forward(Request request, Response response, TrafficCallback counted, InspectedBody inspected) {
        // A retired client can stop between reading the snapshot and starting the exchange: retry
        // once on the snapshot that replaced it.
        Filtered filtered = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (attempt > 0) {
                request.removeAttribute(RequestView.ROUTE_ATTRIBUTE);
                request.removeAttribute(RequestView.CLUSTER_ATTRIBUTE);
            }
            filtered = tryForward(router.snapshot(), request, response, counted, filtered, inspected);
            if (filtered == null) {
                return;
            }
        }
        ErrorResponses.send(response, counted, HttpStatus.SERVICE_UNAVAILABLE_503, "configuration is being reloaded, retry");
    }

    /**
     * @param earlier the filters' verdict on an earlier attempt of this request, or null
     * @param inspected the start of the body, read for the route's filters, or null
     * @return null when the request was answered or handed on; else the snapshot went stale under
     *         the request, nothing was sent, and the filters' verdict is returned for the next attempt
     */
    private Filtered tryForward(Snapshot snapshot, Request request, Response response, TrafficCallback callback,
            Filtered earlier, InspectedBody inspected) {
        String host = Request.getServerName(request);
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath() == null ? "/" : uri.getPath();
        CompiledRoute route = snapshot.match(host, path, request.getMethod(), request.getHeaders());
        callback.route(route == null ? null : route.traffic());
        if (route == null) {
            router.countUnmatched();
            ErrorResponses.send(response, callback, HttpStatus.NOT_FOUND_404,
                    "no route matches host '" + host + "' and path '" + path + "'");
            return null;
        }
        request.setAttribute(RequestView.ROUTE_ATTRIBUTE, route.spec().name());
        if (route.disabled()) {
            // Answered here rather than skipped: its traffic must not fall through to another route.
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "route '" + route.spec().name() + "' is disabled by an operator");
            return null;
        }
        JettyRequestView view = new JettyRequestView(request, host);
        FilterRun filters = null;
        if (!route.filters().isEmpty()) {
            // Filters run once per request (a rate limit must not count a retry on a new snapshot),
            // unless the new snapshot routes the request through other filters.
            Filtered filtered;
            if (earlier != null && earlier.filterNames().equals(route.spec().filters())) {
                filtered = earlier;
            } else {
                if (inspected == null && route.inspectsBody() && mayHaveBody(request)) {
                    FilterRun.BodyLimit limit = FilterRun.bodyLimit(route.filters(), route.spec().name());
                    if (limit.failure() != null) {
                        ErrorResponses.send(response, callback, limit.failure().status(), limit.failure().reason());
                        return null;
                    }
                    if (limit.bytes() > 0) {
                        // The body is read once: when it is in, routing starts over with it (the
                        // snapshot may have changed meanwhile) and the filters run.
                        inspectBody(request, response, callback, limit.bytes());
                        return null;
                    }
                }
                filtered = new Filtered(route.spec().filters(), FilterRun.run(route.filters(), view, route.spec().name(),
                        route.inspectsBody() && inspected != null && !inspected.isEmpty() ? inspected : null));
            }
            FilterDecision decision = filtered.outcome().decision();
            filters = filtered.outcome().run();
            if (!decision.allowed()) {
                ErrorResponses.send(response, callback, decision.status(), decision.reason(), filters, decision.headers());
                return null;
            }
            earlier = filtered;
        }
        ClusterRuntime cluster = route.cluster();
        if (cluster == null) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "route '"
                    + route.spec().name() + "' refers to cluster '" + route.spec().cluster() + "', which is not configured",
                    filters, java.util.List.of());
            return null;
        }
        RouteCache cache = route.cache();
        if (cache != null && cache.store() != null && cluster.unavailableReason() == null) {
            // The cluster is named and counted only if the request is forwarded: a cached answer is not its.
            CachingExchange.handle(request, response, callback, cache, filters, new CacheForwarder(router, request,
                    response, callback, route.spec(), cluster, host, view, filters, inspected), host);
            return null;
        }
        request.setAttribute(RequestView.CLUSTER_ATTRIBUTE, cluster.name());
        callback.cluster(cluster.traffic());
        if (cluster.unavailableReason() != null) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, cluster.unavailableReason(),
                    filters, java.util.List.of());
            return null;
        }
        boolean started = new Exchange(request, response, callback, route.spec(), cluster, host, view, filters,
                inspected).start();
        return started ? null : earlier != null ? earlier : Filtered.NONE;
    }

    /**
     * Whether the request may carry a body. An HTTP/1 request has none unless it says so with
     * Content-Length or Transfer-Encoding (RFC 9112 section 6.3); elsewhere an unknown length
     * (HTTP/2 without content-length) has to be read to be known.
     */
    private static boolean mayHaveBody(Request request) {
        long length = request.getLength();
        if (length >= 0) {
            return length > 0;
        }
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        return !(version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0)
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private void inspectBody(Request request, Response response, TrafficCallback callback, int limit) {
        BodyInspection.start(request, limit, new BodyInspection.Listener() {
            @Override
            public void inspected(InspectedBody body) {
                callback.inspected(body);
                forward(request, response, callback, body);
            }

            @Override
            public void failed(Throwable failure) {
                answerBodyFailure(response, callback, failure);
            }
        });
    }

    /**
     * Answers a request whose body broke off while the filters' share of it was read, as the
     * exchange would have: a timeout or a malformed body with its 4xx, an aborted client not at all.
     */
    private static void answerBodyFailure(Response response, TrafficCallback callback, Throwable failure) {
        HttpException clientError = Exchange.clientError(failure);
        if (clientError != null) {
            ErrorResponses.send(response, callback, clientError.getCode(), clientError.getReason());
        } else if (failure instanceof TimeoutException) {
            // The connection's idle timeout, when the listener sets no body timeout of its own.
            ErrorResponses.send(response, callback, HttpStatus.REQUEST_TIMEOUT_408,
                    "the client sent no request body data within the idle timeout");
        } else {
            callback.failed(failure);
        }
    }

    /** The filters' verdict on a request, and the filter names it was reached with. */
    private record Filtered(java.util.List<String> filterNames, FilterRun.Outcome outcome) {
        static final Filtered NONE = new Filtered(java.util.List.of(), null);
    }
}
