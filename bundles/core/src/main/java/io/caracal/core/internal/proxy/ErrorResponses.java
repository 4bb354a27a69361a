package io.caracal.core.internal.proxy;

import java.util.List;
import java.util.Map;

import io.caracal.core.internal.filter.FilterRun;

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
        send(response, callback, status, reason, null, List.of());
    }

    /**
     * Sends an error with the response headers the route's filters asked for and the headers of a
     * filter's rejection ({@code Retry-After}, {@code WWW-Authenticate} …).
     */
    static void send(Response response, Callback callback, int status, String reason, FilterRun filters,
            List<Map.Entry<String, String>> extraHeaders) {
        response.reset();
        response.setStatus(status);
        if (filters != null) {
            filters.applyResponseHeaders(response.getHeaders());
        }
        for (Map.Entry<String, String> header : extraHeaders) {
            response.getHeaders().add(header.getKey(), header.getValue());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String body = status + " " + HttpStatus.getMessage(status) + ": " + reason + "\n";
        Content.Sink.write(response, true, body, callback);
    }
}
