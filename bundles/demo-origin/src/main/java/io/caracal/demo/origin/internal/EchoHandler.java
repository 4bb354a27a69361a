package io.caracal.demo.origin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request with JSON naming this origin and echoing the request line, headers and
 * body size, so a client can see which origin answered and what the proxy forwarded.
 */
final class EchoHandler extends Handler.Abstract {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;

    EchoHandler(String name) {
        this.name = name;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long bodyBytes = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                // Blocking handler: simplest way to count a body for a demo.
                java.util.concurrent.CompletableFuture<Void> more = new java.util.concurrent.CompletableFuture<>();
                request.demand(() -> more.complete(null));
                more.get();
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                callback.failed(chunk.getFailure());
                return true;
            }
            bodyBytes += chunk.remaining();
            chunk.release();
            if (chunk.isLast()) {
                break;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("origin", name);
        body.put("method", request.getMethod());
        body.put("path", request.getHttpURI().getPath());
        body.put("query", request.getHttpURI().getQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName(), field.getValue(), (a, b) -> a + ", " + b);
        }
        body.put("headers", headers);
        body.put("bodyBytes", bodyBytes);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Demo-Origin", name);
        Content.Sink.write(response, true, JSON.writeValueAsString(body) + "\n", callback);
        return true;
    }
}
