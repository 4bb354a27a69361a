package io.caracal.listener.http.internal;

import java.util.function.BooleanSupplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The listener's own health check ({@code health.path}, as HAProxy's {@code monitor-uri}): a GET
 * or HEAD of exactly that path is answered here, before any routing, filter or per-connection
 * limit, with 200 while the listener can serve and 503 with a reason while it cannot. Load
 * balancers poll it every few seconds, so it is kept out of the access log.
 */
final class HealthCheckHandler extends Handler.Wrapper {

    /** Marks a request this handler answered, for the access log to skip. */
    private static final String ANSWERED = HealthCheckHandler.class.getName() + ".answered";

    private final String path;
    private final BooleanSupplier ready;
    private final String notReadyReason;

    /**
     * @param ready whether requests can be served now
     * @param notReadyReason the reason given in the 503 while they cannot
     */
    HealthCheckHandler(String path, BooleanSupplier ready, String notReadyReason, Handler next) {
        super(next);
        this.path = path;
        this.ready = ready;
        this.notReadyReason = notReadyReason;
    }

    static boolean answered(Request request) {
        return request.getAttribute(ANSWERED) != null;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!path.equals(request.getHttpURI().getPath())
                || !(HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method))) {
            return super.handle(request, response, callback);
        }
        request.setAttribute(ANSWERED, Boolean.TRUE);
        boolean up = ready.getAsBoolean();
        response.setStatus(up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Jetty sends no body for HEAD, but keeps the Content-Length of the GET answer.
        Content.Sink.write(response, true, up ? "ok\n" : "503 Service Unavailable: " + notReadyReason + "\n", callback);
        return true;
    }
}
