package io.caracal.listener.http.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.caracal.api.http.RequestView;

import inet.ipaddr.IPAddress;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * For requests from a trusted proxy that carry {@code X-Forwarded-For}, stores the client address
 * found there in the request attribute {@link RequestView#CLIENT_ADDRESS_ATTRIBUTE}, which the
 * core's access control and rate limits key on. Requests from any other peer pass untouched: what
 * they claim in the header is ignored.
 */
final class ClientAddressHandler extends Handler.Wrapper {

    private final ForwardedFor forwardedFor;

    ClientAddressHandler(TrustedProxies trusted, Handler next) {
        super(next);
        this.forwardedFor = new ForwardedFor(trusted);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet) {
            IPAddress peer = TrustedProxies.fromInet(inet.getAddress());
            if (forwardedFor.trusts(peer)) {
                List<String> values = forwardedValues(request.getHeaders());
                if (!values.isEmpty()) {
                    request.setAttribute(RequestView.CLIENT_ADDRESS_ATTRIBUTE, forwardedFor.clientAddress(peer, values));
                }
            }
        }
        return super.handle(request, response, callback);
    }

    private static List<String> forwardedValues(HttpFields headers) {
        List<String> values = null;
        for (HttpField field : headers) {
            if (field.is(HttpHeader.X_FORWARDED_FOR.asString())) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(field.getValue());
            }
        }
        return values == null ? List.of() : values;
    }
}
