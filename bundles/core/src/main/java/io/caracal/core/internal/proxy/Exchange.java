package io.caracal.core.internal.proxy;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.http.RequestView;
import io.caracal.core.internal.cache.UpstreamObserver;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.filter.FilterRun;
import io.caracal.core.internal.upstream.ClusterRuntime;
import io.caracal.core.internal.upstream.UpstreamClient;
import io.caracal.core.internal.upstream.UpstreamState;

import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One client request on its way through a cluster: picks an upstream, streams the exchange both
 * ways, and retries on another upstream where that is safe (nothing of the request body sent yet,
 * or all of it still in memory because the route's filters read it whole; no response received;
 * and either the upstream was never reached or the method is idempotent), within the cluster's
 * retry budget. When the filters registered response inspectors, the final response is held back
 * until they decided ({@link ResponseInspection}); on caching routes that is before the cache sees it.
 */
final class Exchange {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final RouteSpec route;
    private final ClusterRuntime cluster;
    private final ClusterSpec spec;
    private final UpstreamClient client;
    private final String host;
    private final JettyRequestView view;
    /** What the route's filters asked for, or null when the route has none. */
    private final FilterRun filters;
    /** The cache's view of the exchange, or null on routes that do not cache. */
    private final UpstreamObserver observer;
    /** The start of the body, already read for the route's filters, or null. */
    private final InspectedBody inspected;
    private final List<UpstreamState> tried = new ArrayList<>(2);
    private boolean hasBody;
    private Content.Chunk peeked;
    private volatile boolean bodyConsumed;
    private int retries;
    private boolean holdsRetryBudget;

    /** @param inspected the start of the body, already read for the route's filters, or null */
    Exchange(Request request, Response response, Callback callback, RouteSpec route, ClusterRuntime cluster,
            String host, JettyRequestView view, FilterRun filters, InspectedBody inspected) {
        this(request, response, callback, route, cluster, host, view, filters, inspected, null);
    }

    /** @param observer the cache's view of the exchange, or null */
    Exchange(Request request, Response response, Callback callback, RouteSpec route, ClusterRuntime cluster,
            String host, JettyRequestView view, FilterRun filters, InspectedBody inspected, UpstreamObserver observer) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.route = route;
        this.cluster = cluster;
        this.spec = cluster.spec();
        this.client = cluster.client();
        this.host = host;
        this.view = view;
        this.filters = filters;
        this.observer = observer;
        this.inspected = inspected;
    }

    /** Called by the request body once the upstream side reads from it: no retry after that. */
    void bodyConsumed() {
        bodyConsumed = true;
    }

    /**
     * Sends the first attempt.
     *
     * @return false when the cluster's client was retired under the request; nothing was sent
     */
    boolean start() {
        if (!client.tryStartExchange()) {
            return false;
        }
        cluster.requestStarted();
        hasBody = request.getLength() > 0;
        if (inspected != null) {
            hasBody = !inspected.isEmpty(); // read already: nothing to peek at
        } else if (request.getLength() < 0) {
            // Unknown length (chunked, or HTTP/2 without content-length): see whether anything comes.
            peeked = request.read();
            hasBody = peeked == null || peeked.hasRemaining() || !peeked.isLast() || Content.Chunk.isFailure(peeked);
            if (!hasBody && peeked != null) {
                peeked.release();
                peeked = null;
            }
        }
        UpstreamState upstream = null;
        String cookie = spec.stickyCookie();
        if (cookie != null) {
            String token = cookieValue(cookie);
            if (token != null) {
                upstream = cluster.stickyUpstream(token);
            }
        }
        send(upstream);
        return true;
    }

    /** Sends an attempt to {@code upstream}, or to one the balancer picks when it is null. */
    private void send(UpstreamState stickyChoice) {
        UpstreamState upstream = stickyChoice != null ? stickyChoice : cluster.pick(view, tried);
        if (upstream == null) {
            finishWithError(HttpStatus.SERVICE_UNAVAILABLE_503, cluster.noUpstreamReason());
            return;
        }
        tried.add(upstream);
        request.setAttribute(RequestView.UPSTREAM_ATTRIBUTE, upstream.id());
        boolean setStickyCookie = spec.stickyCookie() != null && stickyChoice == null;
        org.eclipse.jetty.client.Request upstreamRequest = client.httpClient()
                .newRequest(upstream.host(), upstream.port())
                .scheme(upstream.scheme())
                .method(request.getMethod())
                .path(request.getHttpURI().getPathQuery())
                .idleTimeout(spec.transport().idleTimeoutMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    ForwardedHeaders.copyRequestHeaders(request, headers, route, upstream, host);
                    if (filters != null) {
                        filters.applyUpstreamHeaders(headers);
                    }
                    if (observer != null) {
                        observer.prepare(headers);
                    }
                });
        if (spec.requestTimeoutMillis() > 0) {
            upstreamRequest.timeout(spec.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        if (hasBody) {
            upstreamRequest.body(new UpstreamRequestBody(request, peeked, inspected, this));
        }
        upstream.requestStarted();
        upstreamRequest.send(new Attempt(upstream, setStickyCookie));
    }

    private boolean mayRetry(boolean reachedUpstream) {
        return retries < spec.retry().attempts() && !bodyConsumed && !response.isCommitted()
                && (!reachedUpstream || IDEMPOTENT.contains(request.getMethod()))
                && cluster.hasCandidateBesides(tried);
    }

    private void retry() {
        retries++;
        holdsRetryBudget = true;
        send(null);
    }

    private void releaseRetryBudget() {
        if (holdsRetryBudget) {
            holdsRetryBudget = false;
            cluster.retryEnded();
        }
    }

    private void finished() {
        releaseRetryBudget();
        cluster.requestEnded();
        client.exchangeEnded();
    }

    private void finishWithError(int status, String reason) {
        finished();
        if (observer == null) {
            ErrorResponses.send(response, callback, status, reason, filters, List.of());
        } else if (!observer.answerError(status)) {
            ErrorResponses.send(response, callback, status, reason, filters, observer.errorHeaders(status));
        }
    }

    private String cookieValue(String name) {
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() == HttpHeader.COOKIE) {
                for (String pair : field.getValue().split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                        return pair.substring(eq + 1).trim();
                    }
                }
            }
        }
        return null;
    }

    /** One attempt against one upstream: streams its response to the client, with back-pressure. */
    private final class Attempt extends Callback.Completable
            implements org.eclipse.jetty.client.Response.Listener, ResponseInspection.Target {

        private final UpstreamState upstream;
        private final boolean setStickyCookie;
        private final long startNanos = System.nanoTime();
        private boolean retryOnStatus;
        private boolean clientGone;
        private boolean headersReceived;
        /** The observer answers the client: the body only goes to it. */
        private boolean takenOver;
        /** Holds the response back while the filters' response inspectors decide, or null. */
        private ResponseInspection inspection;

        Attempt(UpstreamState upstream, boolean setStickyCookie) {
            this.upstream = upstream;
            this.setStickyCookie = setStickyCookie;
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response upstreamResponse) {
            headersReceived = true;
            upstream.responseStarted(System.nanoTime() - startNanos);
            int status = upstreamResponse.getStatus();
            if (spec.retry().onStatuses().contains(status) && mayRetry(true) && cluster.tryStartRetry()) {
                // Discard this answer and ask another upstream; onComplete sends the retry.
                retryOnStatus = true;
                upstreamResponse.abort(new RetryableStatusException(status));
                return;
            }
            if (filters != null && filters.responseInspectors() != null) {
                inspection = new ResponseInspection(this, upstreamResponse, filters.responseInspectors(),
                        request.getComponents().getExecutor());
                inspection.start();
                return;
            }
            deliverHead(upstreamResponse);
        }

        @Override
        public void deliverHead(org.eclipse.jetty.client.Response upstreamResponse) {
            int status = upstreamResponse.getStatus();
            if (observer == null) {
                response.setStatus(status);
                ForwardedHeaders.copyResponseHeaders(upstreamResponse, response.getHeaders());
            } else {
                HttpFields.Mutable headers = HttpFields.build();
                ForwardedHeaders.copyResponseHeaders(upstreamResponse, headers);
                if (observer.onHeaders(upstreamResponse, headers)) {
                    takenOver = true;
                    return;
                }
                response.setStatus(status);
                response.getHeaders().add(headers);
            }
            if (filters != null) {
                filters.applyResponseHeaders(response.getHeaders());
            }
            if (setStickyCookie) {
                response.getHeaders().add(HttpHeader.SET_COOKIE,
                        spec.stickyCookie() + "=" + upstream.stickyToken() + "; Path=/; HttpOnly; SameSite=Lax");
            }
        }

        @Override
        public void onContent(org.eclipse.jetty.client.Response upstreamResponse, Content.Chunk chunk, Runnable demander) {
            if (inspection != null && inspection.onContent(chunk, demander)) {
                return;
            }
            deliverContent(upstreamResponse, chunk, demander);
        }

        @Override
        public void deliverContent(org.eclipse.jetty.client.Response upstreamResponse, Content.Chunk chunk,
                Runnable demander) {
            if (observer != null) {
                boolean wanted = observer.onContent(chunk.getByteBuffer());
                if (takenOver) {
                    if (wanted) {
                        demander.run();
                    } else {
                        // Nobody needs the rest: stop reading, which is no fault of the upstream's.
                        clientGone = true;
                        upstreamResponse.abort(new java.util.concurrent.CancellationException("the rest of the body is not needed"));
                    }
                    return;
                }
            }
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
                    clientGone = true;
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
            if (inspection != null && inspection.onSuccess()) {
                return;
            }
            deliverSuccess(upstreamResponse);
        }

        @Override
        public void deliverSuccess(org.eclipse.jetty.client.Response upstreamResponse) {
            if (observer != null) {
                observer.bodyComplete();
            }
            if (takenOver) {
                succeeded();
                return;
            }
            response.write(true, BufferUtil.EMPTY_BUFFER, this);
        }

        @Override
        public void onComplete(Result result) {
            if (inspection != null && inspection.onComplete(result)) {
                return; // handed on once the inspectors decided
            }
            completeExchange(result);
        }

        @Override
        public void completeExchange(Result result) {
            Throwable failure = result.getFailure();
            int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
            FilterDecision refusal = inspection == null ? null : inspection.refusal();
            // A refused response is cut by the proxy, not by the upstream: only its status may count against it.
            boolean upstreamFailed = retryOnStatus
                    || (result.isFailed() && !clientGone && refusal == null && requestSideError(result) == null
                            && !isOverflow(failure))
                    || ((result.isSucceeded() || refusal != null) && status >= 500);
            cluster.exchangeEnded(upstream, upstreamFailed);
            // The upstream's own count: what it answered, and whether the exchange broke on its side.
            upstream.traffic().record(headersReceived ? status : 0, upstreamFailed, System.nanoTime() - startNanos);
            releaseRetryBudget();

            if (retryOnStatus) {
                retry();
                return;
            }
            if (refusal != null) {
                finished();
                answerRefusal(refusal, result.getResponse());
                return;
            }
            if (takenOver) {
                // The observer answered the client; the exchange only fed it the body.
                finished();
                observer.ended(result.isSucceeded());
                return;
            }
            if (result.isSucceeded()) {
                whenComplete((ignored, writeFailure) -> {
                    finished();
                    if (observer != null) {
                        observer.ended(writeFailure == null);
                    }
                    if (writeFailure == null) {
                        callback.succeeded();
                    } else {
                        callback.failed(writeFailure);
                    }
                });
                return;
            }
            if (retryableFailure(result) && mayRetry(!isUnreached(failure)) && cluster.tryStartRetry()) {
                retry();
                return;
            }
            if (response.isCommitted()) {
                // Part of the response is out already: all we can do is cut the connection.
                finished();
                if (observer != null) {
                    observer.ended(false);
                }
                callback.failed(failure);
                return;
            }
            HttpException clientError = requestSideError(result);
            if (clientError != null) {
                finishWithError(clientError.getCode(), clientError.getReason());
            } else if (isOverflow(failure)) {
                finishWithError(HttpStatus.SERVICE_UNAVAILABLE_503, "too many requests are waiting for a connection to "
                        + target() + " (max.pending.requests = " + spec.transport().maxPendingRequests() + ")");
            } else if (isTimeout(failure)) {
                finishWithError(HttpStatus.GATEWAY_TIMEOUT_504, target() + " timed out");
            } else {
                finishWithError(HttpStatus.BAD_GATEWAY_502, describe(failure));
            }
        }

        /** The client gets a filter's rejection instead of the upstream's response, which nobody stores. */
        private void answerRefusal(FilterDecision refusal, org.eclipse.jetty.client.Response upstreamResponse) {
            List<Map.Entry<String, String>> headers = refusal.headers();
            if (observer != null) {
                headers = new ArrayList<>(headers);
                headers.addAll(observer.refused(upstreamResponse, refusal.status()));
            }
            ErrorResponses.send(response, callback, refusal.status(), refusal.reason(), filters, headers);
        }

        /**
         * A failure worth another upstream: it could not be reached, or the connection broke
         * before any response arrived (the method decides, in {@link #mayRetry}). Timeouts are
         * not retried: the time is spent already.
         */
        private boolean retryableFailure(Result result) {
            Throwable failure = result.getFailure();
            return !headersReceived && !clientGone && requestSideError(result) == null && !isOverflow(failure)
                    && !isTimeout(failure);
        }

        private String target() {
            return "upstream " + upstream.id() + " of cluster '" + spec.name() + "'";
        }

        private String describe(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                    return "could not connect to " + target() + " (" + t.getMessage() + ")";
                }
                if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                    return "could not resolve " + target();
                }
                if (t instanceof HttpException || t instanceof org.eclipse.jetty.client.HttpResponseException) {
                    return target() + " sent an invalid response";
                }
            }
            ClusterSpec.Tls tls = spec.transport().tls();
            String certificateProblem = certificateProblem(failure, tls);
            if (certificateProblem != null) {
                return "the TLS certificate of " + target() + " could not be verified: " + certificateProblem;
            }
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SSLException) {
                    String message = withoutClassNames(t.getMessage());
                    if (REFUSED_CLIENT_CERTIFICATE.matcher(message).find()) {
                        return target() + " refused the TLS handshake (" + message + "): it wants a client "
                                + "certificate it trusts" + (tls.clientContext() == null
                                        ? "; present one with tls.client.context" : "");
                    }
                    return "TLS with " + target() + " failed: " + message;
                }
            }
            return target() + " failed: " + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        }
    }

    /** TLS alerts with which a server turns down the client's certificate, or the lack of one. */
    private static final java.util.regex.Pattern REFUSED_CLIENT_CERTIFICATE = java.util.regex.Pattern.compile(
            "alert: (bad_certificate|certificate_required|unknown_ca|unsupported_certificate|certificate_unknown)");

    /**
     * Why the upstream's certificate was refused, in words for the error body, or {@code null} when
     * the failure is not about its certificate.
     */
    static String certificateProblem(Throwable failure, ClusterSpec.Tls tls) {
        boolean handshake = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            handshake |= t instanceof SSLHandshakeException;
            if (t instanceof CertificateExpiredException) {
                return "it has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "it is not valid yet";
            }
            if (t instanceof CertPathValidatorException validatorFailure) {
                if (validatorFailure.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return "it has expired";
                }
                if (validatorFailure.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return "it is not valid yet";
                }
                if (validatorFailure.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                    return "it is revoked";
                }
                return "it is not issued by " + trustedCas(tls) + " (" + withoutClassNames(t.getMessage()) + ")";
            }
            if (t instanceof CertPathBuilderException) {
                return "it is not issued by " + trustedCas(tls);
            }
        }
        if (!handshake) {
            return null;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                // The host name check: "No subject alternative names matching IP address … found".
                return "it does not match the upstream's name (" + withoutClassNames(t.getMessage()) + ")";
            }
        }
        return null;
    }

    private static String trustedCas(ClusterSpec.Tls tls) {
        if (tls.clientContext() != null) {
            return "a CA that TLS context '" + tls.clientContext() + "' trusts";
        }
        // The path stays in the log and configuration: the body goes to clients.
        return tls.caPath() != null ? "a CA of tls.ca.path" : "a CA the JVM trusts (tls.ca.path names a private CA)";
    }

    /** A JDK message without the "some.package.SomeException: " prefixes it tends to carry. */
    private static String withoutClassNames(String message) {
        if (message == null) {
            return "no details";
        }
        return message.replaceAll("(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "").trim();
    }

    /** An error in reading the client's request body (too large, malformed) is the client's fault. */
    private static HttpException requestSideError(Result result) {
        return clientError(result.getRequestFailure());
    }

    /** The 4xx error carried by a failure to read the client's body (a timeout, a malformed body), or null. */
    static HttpException clientError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException httpException && httpException.getCode() < 500) {
                return httpException;
            }
        }
        return null;
    }

    /** The connection to the upstream failed before any of the request went out. */
    private static boolean isUnreached(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
            if (t instanceof SSLHandshakeException) {
                return true; // the upstream takes no request before the handshake completes
            }
            if (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("Connect")) {
                return true;
            }
        }
        return false;
    }

    /** The upstream's queue of requests waiting for a connection is full. */
    private static boolean isOverflow(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Marks an upstream answer that is discarded so another upstream can be asked. */
    private static final class RetryableStatusException extends Exception {
        private static final long serialVersionUID = 1L;

        RetryableStatusException(int status) {
            super("status " + status + " is retried on another upstream", null, false, false);
        }
    }
}
