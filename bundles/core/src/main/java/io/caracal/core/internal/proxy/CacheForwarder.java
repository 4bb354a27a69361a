package io.caracal.core.internal.proxy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.caracal.api.http.RequestView;
import io.caracal.core.internal.cache.Forwarder;
import io.caracal.core.internal.cache.UpstreamObserver;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.filter.FilterRun;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.upstream.ClusterRuntime;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The cache's way upstream for one request: an {@link Exchange} with the route's cluster. The
 * cache may forward after an asynchronous store lookup, when the snapshot's cluster client may
 * have been retired meanwhile: then the current snapshot's cluster of the same name is used.
 * A background fetch goes past the request's response inspectors too ({@link InspectedFetch}).
 */
final class CacheForwarder implements Forwarder {

    private final Router router;
    private final Request request;
    private final Response response;
    private final TrafficCallback callback;
    private final RouteSpec route;
    private final ClusterRuntime cluster;
    private final String host;
    private final JettyRequestView view;
    private final FilterRun filters;
    private final InspectedBody inspected;

    /** @param inspected the start of the body, already read for the route's filters, or null */
    CacheForwarder(Router router, Request request, Response response, TrafficCallback callback, RouteSpec route,
            ClusterRuntime cluster, String host, JettyRequestView view, FilterRun filters, InspectedBody inspected) {
        this.router = router;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.route = route;
        this.cluster = cluster;
        this.host = host;
        this.view = view;
        this.filters = filters;
        this.inspected = inspected;
    }

    @Override
    public void forward(UpstreamObserver observer) {
        if (start(cluster, observer)) {
            return;
        }
        ClusterRuntime current = router.snapshot().clusters().get(cluster.name());
        if (current != null && current != cluster && current.unavailableReason() == null && start(current, observer)) {
            return;
        }
        callback.cluster(null);
        if (!observer.answerError(HttpStatus.SERVICE_UNAVAILABLE_503)) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "configuration is being reloaded, retry", filters,
                    observer.errorHeaders(HttpStatus.SERVICE_UNAVAILABLE_503));
        }
    }

    private boolean start(ClusterRuntime target, UpstreamObserver observer) {
        request.setAttribute(RequestView.CLUSTER_ATTRIBUTE, target.name());
        callback.cluster(target.traffic());
        return new Exchange(request, response, callback, route, target, host, view, filters, inspected, observer).start();
    }

    @Override
    public void fetchInBackground(Consumer<HttpFields.Mutable> headers, long maxBodyBytes, FetchListener listener) {
        ClusterRuntime target = cluster;
        if (target.client() == null || !target.client().isRunning()) {
            ClusterRuntime current = router.snapshot().clusters().get(cluster.name());
            if (current != null && current.unavailableReason() == null) {
                target = current;
            }
        }
        if (filters != null && filters.responseInspectors() != null) {
            listener = new InspectedFetch(listener, filters.responseInspectors(), request.getComponents().getExecutor());
        }
        BackgroundFetch.start(request, route, target, host, view, filters, headers, maxBodyBytes, listener);
    }

    @Override
    public void answerError(int status, String reason, List<Map.Entry<String, String>> headers) {
        ErrorResponses.send(response, callback, status, reason, filters, headers);
    }
}
