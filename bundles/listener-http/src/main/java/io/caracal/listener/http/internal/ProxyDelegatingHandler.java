package io.caracal.listener.http.internal;

import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands each request to the proxy handler service current at that moment, so the core can be
 * restarted or updated while the port stays open.
 */
final class ProxyDelegatingHandler extends Handler.Abstract.NonBlocking {

    static final String CORE_MISSING = "the proxy core is not running";

    private final Supplier<Request.Handler> proxy;

    ProxyDelegatingHandler(Supplier<Request.Handler> proxy) {
        this.proxy = proxy;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Request.Handler target = proxy.get();
        if (target != null) {
            return target.handle(request, response, callback);
        }
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        Content.Sink.write(response, true, "503 Service Unavailable: " + CORE_MISSING + "\n", callback);
        return true;
    }
}
