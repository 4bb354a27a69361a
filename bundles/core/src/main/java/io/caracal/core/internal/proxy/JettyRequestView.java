package io.caracal.core.internal.proxy;

import java.util.List;

import io.caracal.api.http.RequestView;

import org.eclipse.jetty.server.Request;

/** {@link RequestView} over a Jetty request; computes nothing until asked. */
final class JettyRequestView implements RequestView {

    private final Request request;
    private final String host;

    JettyRequestView(Request request, String host) {
        this.request = request;
        this.host = host;
    }

    @Override public String method() { return request.getMethod(); }
    @Override public String scheme() { return request.isSecure() ? "https" : "http"; }
    @Override public String host() { return host; }
    @Override public String path() { return request.getHttpURI().getPath(); }
    @Override public String query() { return request.getHttpURI().getQuery(); }
    @Override public String header(String name) { return request.getHeaders().get(name); }
    @Override public List<String> headers(String name) { return request.getHeaders().getValuesList(name); }
    @Override
    public String clientAddress() {
        // The listener resolved it from a trusted proxy's X-Forwarded-For, or the peer is the client.
        Object resolved = request.getAttribute(CLIENT_ADDRESS_ATTRIBUTE);
        return resolved instanceof String address ? address : Request.getRemoteAddr(request);
    }

    @Override public String peerAddress() { return Request.getRemoteAddr(request); }
    @Override public int clientPort() { return Request.getRemotePort(request); }
}
