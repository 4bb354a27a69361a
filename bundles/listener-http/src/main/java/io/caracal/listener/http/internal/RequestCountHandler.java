package io.caracal.listener.http.internal;

import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Counts the requests that reach the listener's handlers, for {@code ListenerInfo.requests}. */
final class RequestCountHandler extends Handler.Wrapper {

    private final LongAdder requests = new LongAdder();

    RequestCountHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        requests.increment();
        return super.handle(request, response, callback);
    }

    long requests() {
        return requests.sum();
    }
}
