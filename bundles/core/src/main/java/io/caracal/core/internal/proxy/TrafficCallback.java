package io.caracal.core.internal.proxy;

import io.caracal.core.internal.stats.TrafficCounter;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request's callback, wrapped once per request so that its answer is counted on the route and
 * the cluster that took it when it completes, with the time since the handler got it. It also
 * releases what the filters' reading of the body still holds, whoever answered the request.
 */
final class TrafficCallback implements Callback {

    private final Callback delegate;
    private final Response response;
    private final long startNanos;
    // Written on the handling thread before the request is handed on, which orders them before completion.
    private TrafficCounter route;
    private TrafficCounter cluster;
    private InspectedBody inspected;

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

    /** The start of the body read for the filters: released when the request completes. */
    void inspected(InspectedBody body) {
        this.inspected = body;
    }

    @Override
    public void succeeded() {
        record(false);
        releaseBody();
        delegate.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
        record(true);
        releaseBody();
        delegate.failed(failure);
    }

    private void releaseBody() {
        if (inspected != null) {
            inspected.release();
        }
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
