package io.caracal.api.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestBody;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.filter.ResponseView;
import io.caracal.api.http.RequestView;

/**
 * A request as a filter sees it, built by a test, recording what the filter asked for. Shipped in
 * the api's test-jar so every filter bundle tests against the same fixture.
 */
public final class FakeFilterContext implements FilterContext, RequestView {

    private String method = "GET";
    private String scheme = "http";
    private String host = "localhost";
    private String path = "/";
    private String query;
    private String clientAddress = "127.0.0.1";
    private String peerAddress;
    private String route = "test";
    private String protocol = "HTTP/1.1";
    private int serverPort = 8080;
    private RequestBody body;
    private final Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> headerFields = new ArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();
    /** Headers set for the upstream; a null value records a removal. */
    public final Map<String, String> upstreamHeaders = new LinkedHashMap<>();
    /** Headers added to the client's response, in order. */
    public final List<Map.Entry<String, String>> responseHeaders = new ArrayList<>();
    /** Response inspectors the filter registered, in order. */
    public final List<ResponseInspector> responseInspectors = new ArrayList<>();

    public FakeFilterContext method(String value) { method = value; return this; }
    public FakeFilterContext scheme(String value) { scheme = value; return this; }
    public FakeFilterContext host(String value) { host = value; return this; }
    public FakeFilterContext path(String value) { path = value; return this; }
    public FakeFilterContext query(String value) { query = value; return this; }
    public FakeFilterContext client(String address) { clientAddress = address; return this; }
    public FakeFilterContext peer(String address) { peerAddress = address; return this; }
    public FakeFilterContext route(String name) { route = name; return this; }
    public FakeFilterContext protocol(String value) { protocol = value; return this; }
    public FakeFilterContext serverPort(int port) { serverPort = port; return this; }

    /** Adds a request header value. */
    public FakeFilterContext header(String name, String value) {
        requestHeaders.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        headerFields.add(Map.entry(name, value));
        return this;
    }

    /** A whole request body of that UTF-8 text, with a {@code Content-Length}, as a body filter sees it. */
    public FakeFilterContext body(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return body(bytes, true, bytes.length);
    }

    /**
     * The request body as a body filter sees it.
     *
     * @param buffered what the core buffered: the whole body, or its start up to the limit
     * @param complete whether {@code buffered} is the whole body
     * @param declaredLength the {@code Content-Length}, or -1 for a chunked body
     */
    public FakeFilterContext body(byte[] buffered, boolean complete, long declaredLength) {
        byte[] copy = buffered.clone();
        body = new RequestBody() {
            @Override public ByteBuffer content() { return ByteBuffer.wrap(copy).asReadOnlyBuffer(); }
            @Override public boolean complete() { return complete; }
            @Override public long declaredLength() { return declaredLength; }
        };
        return this;
    }

    /** The first response header of that name a filter added, or null. */
    public String responseHeader(String name) {
        return responseHeaders.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /**
     * Plays the core's part for an upstream response: asks the registered inspectors for their
     * body limits, shows each the body up to the largest, in order, until one rejects.
     *
     * @param headers the response's header fields, name and value in turn
     */
    public FilterDecision respond(int status, String body, String... headers) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            fields.add(Map.entry(headers[i], headers[i + 1]));
        }
        return respond(status, List.copyOf(fields), body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #respond(int, String, String...)} with a body of bytes, such as a compressed one. */
    public FilterDecision respond(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        int limit = 0;
        for (ResponseInspector inspector : responseInspectors) {
            limit = Math.max(limit, inspector.bodyLimit(status, headers));
        }
        ResponseView view = responseView(status, headers, java.util.Arrays.copyOf(body, Math.min(limit, body.length)),
                body.length <= limit);
        for (ResponseInspector inspector : responseInspectors) {
            FilterDecision decision = inspector.inspect(view);
            if (!decision.allowed()) {
                return decision;
            }
        }
        return FilterDecision.proceed();
    }

    /** A response as an inspector sees it, for tests that call {@link ResponseInspector#inspect} themselves. */
    public static ResponseView responseView(int status, List<Map.Entry<String, String>> headers, byte[] buffered,
            boolean complete) {
        List<Map.Entry<String, String>> fields = List.copyOf(headers);
        byte[] copy = buffered.clone();
        return new ResponseView() {
            @Override public int status() { return status; }
            @Override public List<Map.Entry<String, String>> headerFields() { return fields; }
            @Override public ByteBuffer body() { return ByteBuffer.wrap(copy).asReadOnlyBuffer(); }
            @Override public boolean bodyComplete() { return complete; }
        };
    }

    // FilterContext

    @Override public RequestView request() { return this; }
    @Override public String route() { return route; }
    @Override public void setUpstreamHeader(String name, String value) { upstreamHeaders.put(name, value); }
    @Override public void removeUpstreamHeader(String name) { upstreamHeaders.put(name, null); }
    @Override public void addResponseHeader(String name, String value) { responseHeaders.add(Map.entry(name, value)); }
    @Override public Map<String, Object> attributes() { return attributes; }
    @Override public RequestBody requestBody() { return body; }

    @Override
    public void inspectResponse(ResponseInspector inspector) {
        responseInspectors.add(java.util.Objects.requireNonNull(inspector, "inspector"));
    }

    // RequestView

    @Override public String method() { return method; }
    @Override public String scheme() { return scheme; }
    @Override public String host() { return host; }
    @Override public String path() { return path; }
    @Override public String query() { return query; }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return List.copyOf(requestHeaders.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override public String clientAddress() { return clientAddress; }
    @Override public String peerAddress() { return peerAddress != null ? peerAddress : clientAddress; }
    @Override public int clientPort() { return 40000; }
    @Override public List<Map.Entry<String, String>> headerFields() { return List.copyOf(headerFields); }
    @Override public String protocol() { return protocol; }
    @Override public int serverPort() { return serverPort; }
}
