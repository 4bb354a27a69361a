package io.caracal.core.internal.proxy;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.routing.CompiledRoute;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.routing.Snapshot;
import io.caracal.core.internal.upstream.ClusterRuntime;
import io.caracal.core.internal.upstream.UpstreamClient;
import io.caracal.core.internal.upstream.UpstreamState;

import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The proxy's request handler, registered for listeners to attach. It matches a route in the
 * current snapshot, lets the cluster's balancer pick an upstream and streams the exchange both
 * ways through the cluster's pooled HTTP client.
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
        // A retired client can stop between reading the snapshot and starting the exchange: retry
        // once on the snapshot that replaced it.
        for (int attempt = 0; attempt < 2; attempt++) {
            if (tryForward(router.snapshot(), request, response, callback)) {
                return true;
            }
        }
        ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "configuration is being reloaded, retry");
        return true;
    }

    /** @return false if the snapshot went stale under the request; nothing was sent then */
    private boolean tryForward(Snapshot snapshot, Request request, Response response, Callback callback) {
        String host = Request.getServerName(request);
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath() == null ? "/" : uri.getPath();
        CompiledRoute route = snapshot.match(host, path, request.getMethod(), request.getHeaders());
        if (route == null) {
            ErrorResponses.send(response, callback, HttpStatus.NOT_FOUND_404,
                    "no route matches host '" + host + "' and path '" + path + "'");
            return true;
        }
        ClusterRuntime cluster = route.cluster();
        if (cluster == null) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "route '"
                    + route.spec().name() + "' refers to cluster '" + route.spec().cluster() + "', which is not configured");
            return true;
        }
        UpstreamState upstream = cluster.pick(new JettyRequestView(request, host));
        if (upstream == null) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "no healthy upstream in cluster '" + cluster.name() + "'");
            return true;
        }
        UpstreamClient client = cluster.client();
        if (!client.tryStartExchange()) {
            return false;
        }
        forward(request, response, callback, route.spec(), cluster.spec(), client, upstream, host);
        return true;
    }

    private void forward(Request request, Response response, Callback callback, RouteSpec route,
            ClusterSpec cluster, UpstreamClient client, UpstreamState upstream, String host) {
        HttpFields clientHeaders = request.getHeaders();
        org.eclipse.jetty.client.Request upstreamRequest = client.httpClient()
                .newRequest(upstream.host(), upstream.port())
                .scheme(upstream.scheme())
                .method(request.getMethod())
                .path(request.getHttpURI().getPathQuery())
                .idleTimeout(cluster.transport().idleTimeoutMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> copyRequestHeaders(request, clientHeaders, headers, route, upstream, host));
        if (cluster.requestTimeoutMillis() > 0) {
            upstreamRequest.timeout(cluster.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        Content.Chunk peeked = null;
        boolean hasBody = request.getLength() > 0;
        if (request.getLength() < 0) {
            // Unknown length (chunked, or HTTP/2 without content-length): see whether anything comes.
            peeked = request.read();
            hasBody = peeked == null || peeked.hasRemaining() || !peeked.isLast() || Content.Chunk.isFailure(peeked);
            if (!hasBody && peeked != null) {
                peeked.release();
                peeked = null;
            }
        }
        if (hasBody) {
            upstreamRequest.body(new UpstreamRequestBody(request, peeked));
        }
        upstream.requestStarted();
        upstreamRequest.send(new UpstreamResponseListener(request, response, callback, client, upstream, cluster));
    }

    private static void copyRequestHeaders(Request request, HttpFields clientHeaders, HttpFields.Mutable headers,
            RouteSpec route, UpstreamState upstream, String host) {
        Set<String> connectionTokens = ForwardedHeaders.connectionTokens(clientHeaders);
        String xForwardedFor = null;
        String forwarded = null;
        String via = null;
        for (HttpField field : clientHeaders) {
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.X_FORWARDED_FOR) {
                xForwardedFor = xForwardedFor == null ? field.getValue() : xForwardedFor + ", " + field.getValue();
            } else if (header == HttpHeader.FORWARDED) {
                forwarded = forwarded == null ? field.getValue() : forwarded + ", " + field.getValue();
            } else if (header == HttpHeader.VIA) {
                via = via == null ? field.getValue() : via + ", " + field.getValue();
            } else if (header == HttpHeader.X_FORWARDED_PROTO || header == HttpHeader.X_FORWARDED_HOST
                    || header == HttpHeader.X_FORWARDED_PORT) {
                continue; // replaced below with what this proxy saw
            } else if (ForwardedHeaders.isEndToEnd(field, connectionTokens)) {
                headers.add(field);
            }
        }
        String clientAddress = Request.getRemoteAddr(request);
        String proto = request.isSecure() ? "https" : "http";
        String originalHost = request.getHttpURI().getAuthority();
        if (originalHost == null) {
            originalHost = host;
        }
        ForwardedHeaders.append(headers, HttpHeader.X_FORWARDED_FOR, xForwardedFor, clientAddress);
        headers.put(HttpHeader.X_FORWARDED_PROTO, proto);
        headers.put(HttpHeader.X_FORWARDED_HOST, originalHost);
        headers.put(HttpHeader.X_FORWARDED_PORT, Integer.toString(Request.getLocalPort(request)));
        ForwardedHeaders.append(headers, HttpHeader.FORWARDED, forwarded,
                ForwardedHeaders.forwardedElement(clientAddress, originalHost, proto));
        ForwardedHeaders.append(headers, HttpHeader.VIA, via,
                ForwardedHeaders.viaEntry(request.getConnectionMetaData().getHttpVersion()));
        String hostHeader = switch (route.hostHeader()) {
            case RouteSpec.PRESERVE_HOST -> originalHost;
            case RouteSpec.UPSTREAM_HOST -> upstream.id();
            default -> route.hostHeader();
        };
        headers.put(HttpHeader.HOST, hostHeader);
    }

    /** Streams the upstream's response to the client, applying back-pressure both ways. */
    private static final class UpstreamResponseListener extends Callback.Completable
            implements org.eclipse.jetty.client.Response.Listener {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final UpstreamClient client;
        private final UpstreamState upstream;
        private final ClusterSpec cluster;
        private final long startNanos = System.nanoTime();

        UpstreamResponseListener(Request request, Response response, Callback callback, UpstreamClient client,
                UpstreamState upstream, ClusterSpec cluster) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.client = client;
            this.upstream = upstream;
            this.cluster = cluster;
        }

        @Override
        public void onBegin(org.eclipse.jetty.client.Response upstreamResponse) {
            response.setStatus(upstreamResponse.getStatus());
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response upstreamResponse) {
            upstream.responseStarted(System.nanoTime() - startNanos);
            HttpFields upstreamHeaders = upstreamResponse.getHeaders();
            Set<String> connectionTokens = ForwardedHeaders.connectionTokens(upstreamHeaders);
            HttpFields.Mutable headers = response.getHeaders();
            String via = null;
            for (HttpField field : upstreamHeaders) {
                if (field.getHeader() == HttpHeader.VIA) {
                    via = via == null ? field.getValue() : via + ", " + field.getValue();
                } else if (ForwardedHeaders.isEndToEnd(field, connectionTokens)) {
                    headers.add(field);
                }
            }
            ForwardedHeaders.append(headers, HttpHeader.VIA, via,
                    ForwardedHeaders.viaEntry(upstreamResponse.getVersion()));
        }

        @Override
        public void onContent(org.eclipse.jetty.client.Response upstreamResponse, Content.Chunk chunk, Runnable demander) {
            chunk.retain();
            response.write(false, chunk.getByteBuffer(), new Callback() {
                @Override
                public void succeeded() {
                    chunk.release();
                    demander.run();
                }

                @Override
                public void failed(Throwable failure) {
                    chunk.release();
                    // The client is gone: stop reading from the upstream.
                    upstreamResponse.abort(failure);
                }

                @Override
                public InvocationType getInvocationType() {
                    return InvocationType.NON_BLOCKING;
                }
            });
        }

        @Override
        public void onSuccess(org.eclipse.jetty.client.Response upstreamResponse) {
            response.write(true, BufferUtil.EMPTY_BUFFER, this);
        }

        @Override
        public void onComplete(Result result) {
            upstream.requestFinished(result.isFailed());
            client.exchangeEnded();
            if (result.isSucceeded()) {
                whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        callback.succeeded();
                    } else {
                        callback.failed(failure);
                    }
                });
                return;
            }
            Throwable failure = result.getFailure();
            if (response.isCommitted()) {
                // Part of the response is out already: all we can do is cut the connection.
                callback.failed(failure);
                return;
            }
            HttpException clientError = requestSideError(result);
            if (clientError != null) {
                ErrorResponses.send(response, callback, clientError.getCode(), clientError.getReason());
                return;
            }
            boolean timedOut = isTimeout(failure);
            ErrorResponses.send(response, callback,
                    timedOut ? HttpStatus.GATEWAY_TIMEOUT_504 : HttpStatus.BAD_GATEWAY_502,
                    describe(failure, timedOut));
        }

        /** An error in reading the client's request body (too large, malformed) is the client's fault. */
        private static HttpException requestSideError(Result result) {
            for (Throwable t = result.getRequestFailure(); t != null; t = t.getCause()) {
                if (t instanceof HttpException httpException && httpException.getCode() < 500) {
                    return httpException;
                }
            }
            return null;
        }

        private String describe(Throwable failure, boolean timedOut) {
            String target = "upstream " + upstream.id() + " of cluster '" + cluster.name() + "'";
            if (timedOut) {
                return target + " timed out";
            }
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                    return "could not connect to " + target + " (" + t.getMessage() + ")";
                }
                if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                    return "could not resolve " + target;
                }
                if (t instanceof HttpException || t instanceof org.eclipse.jetty.client.HttpResponseException) {
                    return target + " sent an invalid response";
                }
            }
            return target + " failed: " + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        }

        private static boolean isTimeout(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }
}
