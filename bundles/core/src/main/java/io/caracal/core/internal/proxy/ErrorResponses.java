package io.caracal.core.internal.proxy;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The proxy's own error responses: a status and a one-line reason, never a stack trace. */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static void send(Response response, Callback callback, int status, String reason) {
        response.reset();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String body = status + " " + HttpStatus.getMessage(status) + ": " + reason + "\n";
        Content.Sink.write(response, true, body, callback);
    }
}
