package io.caracal.listener.http.internal;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Applies {@code request.body.timeout.ms} by handing the proxy a {@link BodyTimeoutRequest},
 * whatever way it reads the body; its timer is released when the exchange completes.
 */
final class BodyTimeoutHandler extends Handler.Wrapper {

    private final long timeoutMillis;

    BodyTimeoutHandler(long timeoutMillis, Handler next) {
        super(next);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        BodyTimeoutRequest timed = new BodyTimeoutRequest(request, timeoutMillis);
        Callback completion = new Callback() {
            @Override
            public void succeeded() {
                timed.complete();
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                timed.complete();
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        boolean handled;
        try {
            handled = super.handle(timed, response, completion);
        } catch (Throwable failure) {
            timed.complete();
            throw failure;
        }
        if (!handled) {
            timed.complete();
        }
        return handled;
    }
}
