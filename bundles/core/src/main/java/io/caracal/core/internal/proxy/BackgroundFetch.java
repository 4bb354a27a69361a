package io.caracal.core.internal.proxy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.caracal.core.internal.cache.Forwarder;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.filter.FilterRun;
import io.caracal.core.internal.upstream.ClusterRuntime;
import io.caracal.core.internal.upstream.UpstreamClient;
import io.caracal.core.internal.upstream.UpstreamState;

import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A GET sent upstream for the cache while no client waits for it (a stale-while-revalidate
 * refresh): one attempt, its body kept in memory up to a bound, counted on the upstream like any
 * attempt. Everything it needs from the client's request is read when it starts.
 */
final class BackgroundFetch implements org.eclipse.jetty.client.Response.Listener {

    private final ClusterRuntime cluster;
    private final UpstreamClient client;
    private final UpstreamState upstream;
    private final long maxBodyBytes;
    private final Forwarder.FetchListener listener;
    private final long startNanos = System.nanoTime();
    private final long requestTime = System.currentTimeMillis();
    private long responseTime;
    private HttpFields.Mutable headers;
    private byte[] body = new byte[0];
    private int size;
    private boolean cut;

    private BackgroundFetch(ClusterRuntime cluster, UpstreamState upstream, long maxBodyBytes,
            Forwarder.FetchListener listener) {
        this.cluster = cluster;
        this.client = cluster.client();
        this.upstream = upstream;
        this.maxBodyBytes = maxBodyBytes;
        this.listener = listener;
    }

    /** Sends the fetch; the listener hears of it exactly once. */
    static void start(Request request, RouteSpec route, ClusterRuntime cluster, String host, JettyRequestView view,
            FilterRun filters, Consumer<HttpFields.Mutable> headerChanges, long maxBodyBytes,
            Forwarder.FetchListener listener) {
        UpstreamClient client = cluster.client();
        if (client == null || !client.tryStartExchange()) {
            listener.failed(new IllegalStateException("cluster '" + cluster.name() + "' is not available"));
            return;
        }
        cluster.requestStarted();
        UpstreamState upstream = cluster.pick(view, List.of());
        if (upstream == null) {
            cluster.requestEnded();
            client.exchangeEnded();
            listener.failed(new IllegalStateException(cluster.noUpstreamReason()));
            return;
        }
        ClusterSpec spec = cluster.spec();
        org.eclipse.jetty.client.Request upstreamRequest = client.httpClient()
                .newRequest(upstream.host(), upstream.port())
                .scheme(upstream.scheme())
                .method("GET")
                .path(request.getHttpURI().getPathQuery())
                .idleTimeout(spec.transport().idleTimeoutMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    ForwardedHeaders.copyRequestHeaders(request, headers, route, upstream, host);
                    if (filters != null) {
                        filters.applyUpstreamHeaders(headers);
                    }
                    headerChanges.accept(headers);
                });
        if (spec.requestTimeoutMillis() > 0) {
            upstreamRequest.timeout(spec.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        upstream.requestStarted();
        upstreamRequest.send(new BackgroundFetch(cluster, upstream, maxBodyBytes, listener));
    }

    @Override
    public void onHeaders(org.eclipse.jetty.client.Response response) {
        upstream.responseStarted(System.nanoTime() - startNanos);
        responseTime = System.currentTimeMillis();
        headers = HttpFields.build();
        ForwardedHeaders.copyResponseHeaders(response, headers);
    }

    @Override
    public void onContent(org.eclipse.jetty.client.Response response, Content.Chunk chunk, Runnable demander) {
        ByteBuffer buffer = chunk.getByteBuffer();
        int length = buffer.remaining();
        if (!cut && size + (long) length <= maxBodyBytes) {
            if (size + length > body.length) {
                body = java.util.Arrays.copyOf(body, (int) Math.min(maxBodyBytes, Math.max(size + length, 2L * body.length + 8192)));
            }
            buffer.get(buffer.position(), body, size, length);
            size += length;
            demander.run();
        } else {
            // Too long to keep: no use reading on.
            cut = true;
            response.abort(new java.util.concurrent.CancellationException("longer than the cache keeps"));
        }
    }

    @Override
    public void onComplete(Result result) {
        int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
        boolean failed = !cut && (result.isFailed() || status >= 500);
        cluster.exchangeEnded(upstream, failed);
        upstream.traffic().record(headers != null ? status : 0, failed, System.nanoTime() - startNanos);
        cluster.requestEnded();
        client.exchangeEnded();
        if (headers == null) {
            listener.failed(result.getFailure());
        } else {
            listener.fetched(status, headers, result.isSucceeded() && !cut ? ByteBuffer.wrap(body, 0, size) : null,
                    requestTime, responseTime);
        }
    }
}
