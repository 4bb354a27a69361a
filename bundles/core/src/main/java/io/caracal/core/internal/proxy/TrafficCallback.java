package io.caracal.core.internal.proxy;

import io.caracal.core.internal.stats.TrafficCounter;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request's callback, wrapped once per request so that its answer is counted on the route and
 * the cluster that took it when it completes, with the time since the handler got it.
 */
final class TrafficCallback implements Callback {

    private final Callback delegate;
    private final Response response;
    private final long startNanos;
    // Written on the handling thread before the request is handed on, which orders them before completion.
    private TrafficCounter route;
    private TrafficCounter cluster;

    TrafficCallback(Callback delegate, Response response, long startNanos) {
        this.delegate = delegate;
        this.response = response;
        this.startNanos = startNanos;
    }

    /** The route that matched, or null to count nothing (no route matched). */
    void route(TrafficCounter route) {
        this.route = route;
        this.cluster = null;
    }

    /** The cluster the request was handed to: counted there too. */
    void cluster(TrafficCounter cluster) {
        this.cluster = cluster;
    }

    @Override
    public void succeeded() {
        record(false);
        delegate.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
        record(true);
        delegate.failed(failure);
    }

    @Override
    public InvocationType getInvocationType() {
        return delegate.getInvocationType();
    }

    /** Reads the status before completing: the response may be recycled afterwards. */
    private void record(boolean connectionError) {
        if (route == null) {
            return;
        }
        int status = response.getStatus();
        long nanos = System.nanoTime() - startNanos;
        // Cluster first: whoever sees the route's count sees the cluster's too.
        if (cluster != null) {
            cluster.record(status, connectionError, nanos);
        }
        route.record(status, connectionError, nanos);
    }
}
