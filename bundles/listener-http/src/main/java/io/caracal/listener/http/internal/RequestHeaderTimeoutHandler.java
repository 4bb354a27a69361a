package io.caracal.listener.http.internal;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Tells each connection's {@link RequestHeaderTimer} when a request header is complete and when
 * its response is complete, which starts the keep-alive wait for the next. Jetty 12.1 calls the
 * handlers as soon as a header is parsed, before any body arrives (a {@code DelayedHandler} in
 * front of this one would blur that line), so the body is the body timeout's business.
 */
final class RequestHeaderTimeoutHandler extends Handler.Wrapper {

    RequestHeaderTimeoutHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        GuardedEndPoint endPoint = GuardedEndPoint.of(request);
        RequestHeaderTimer timer = endPoint == null ? null : endPoint.headerTimer();
        if (timer == null) {
            return super.handle(request, response, callback);
        }
        boolean multiplexed = request.getConnectionMetaData().getHttpVersion().getVersion() >= HttpVersion.HTTP_2.getVersion();
        if (!timer.requestStarted(multiplexed)) {
            // The deadline passed just before: the connection is being cut off with a 408.
            callback.failed(new HttpException.RuntimeException(HttpStatus.REQUEST_TIMEOUT_408));
            return true;
        }
        if (multiplexed) {
            return super.handle(request, response, callback);
        }
        Callback completion = new Completion(callback, timer);
        boolean handled;
        try {
            handled = super.handle(request, response, completion);
        } catch (Throwable failure) {
            timer.requestCompleted(); // Jetty fails its own callback, not ours
            throw failure;
        }
        if (!handled) {
            timer.requestCompleted(); // Jetty answers 404 itself
        }
        return handled;
    }

    /**
     * Rearms the timer before passing completion on: Jetty may parse a pipelined request as
     * soon as the callback completes, and that request must find the timer idle, not handling.
     */
    private static final class Completion implements Callback {

        private final Callback callback;
        private final RequestHeaderTimer timer;

        Completion(Callback callback, RequestHeaderTimer timer) {
            this.callback = callback;
            this.timer = timer;
        }

        @Override
        public void succeeded() {
            timer.requestCompleted();
            callback.succeeded();
        }

        @Override
        public void failed(Throwable failure) {
            timer.requestCompleted();
            callback.failed(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return callback.getInvocationType();
        }
    }
}
