package io.caracal.listener.http.internal;

import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The listener's abuse guard ({@code connection.request.rate}): a connection that sends requests
 * faster than its token bucket refills gets 429 with {@code Retry-After}. On HTTP/1 the answer
 * also closes the connection, so a client that ignores it has to pay for a new one; an HTTP/2
 * connection stays open (closing it would end its other streams) and each stream over the rate
 * gets its own 429.
 */
final class ConnectionRateLimitHandler extends Handler.Wrapper {

    private final int ratePerSecond;

    ConnectionRateLimitHandler(int ratePerSecond, Handler next) {
        super(next);
        this.ratePerSecond = ratePerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        GuardedEndPoint endPoint = GuardedEndPoint.of(request);
        TokenBucket bucket = endPoint == null ? null : endPoint.requests();
        long waitNanos = bucket == null ? 0 : bucket.tryTake(System.nanoTime());
        if (waitNanos == 0) {
            return super.handle(request, response, callback);
        }
        long retryAfterSeconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS_429);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (request.getConnectionMetaData().getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        Content.Sink.write(response, true, "429 Too Many Requests: more than " + ratePerSecond
                + " requests per second on one connection\n", callback);
        return true;
    }
}
