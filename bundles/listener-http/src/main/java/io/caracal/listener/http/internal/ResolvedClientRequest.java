package io.caracal.listener.http.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.caracal.api.http.RequestView;

import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * A finished request as the access log sees it: its remote address is the client address the
 * listener resolved from a trusted proxy's {@code X-Forwarded-For}, so Jetty's {@code %{client}a}
 * logs the client rather than the proxy. Everything else is the request itself.
 */
final class ResolvedClientRequest extends Request.Wrapper {

    private final ConnectionMetaData metaData;

    private ResolvedClientRequest(Request request, String client) {
        super(request);
        ConnectionMetaData original = request.getConnectionMetaData();
        int port = original.getRemoteSocketAddress() instanceof InetSocketAddress inet ? inet.getPort() : 0;
        // Unresolved: the address is only printed, and no name lookup may ever happen here.
        SocketAddress remote = InetSocketAddress.createUnresolved(client, port);
        metaData = new ConnectionMetaData.Wrapper(original) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return remote;
            }
        };
    }

    /** The request with its resolved client address, or the request itself when none was resolved. */
    static Request of(Request request) {
        Object client = request.getAttribute(RequestView.CLIENT_ADDRESS_ATTRIBUTE);
        return client instanceof String address ? new ResolvedClientRequest(request, address) : request;
    }

    @Override
    public ConnectionMetaData getConnectionMetaData() {
        return metaData;
    }
}
