package io.caracal.core.internal.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.caracal.api.http.RequestView;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
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
    @Override public String protocol() { return request.getConnectionMetaData().getProtocol(); }
    @Override public int serverPort() { return Request.getLocalPort(request); }

    @Override
    public List<Map.Entry<String, String>> headerFields() {
        HttpFields fields = request.getHeaders();
        List<Map.Entry<String, String>> entries = new ArrayList<>(fields.size());
        for (HttpField field : fields) {
            // A field may have no value ("X-Empty:"); Map.entry takes no nulls.
            entries.add(Map.entry(field.getName(), field.getValue() == null ? "" : field.getValue()));
        }
        return Collections.unmodifiableList(entries);
    }
}
