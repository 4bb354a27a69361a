package io.caracal.listener.http.internal;

import java.security.cert.X509Certificate;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Passes the verified client certificate's subject to upstreams in a header. Whatever the client
 * itself sent in that header is removed first, so the header can be trusted upstream.
 */
final class ClientCertificateHeaderHandler extends Handler.Wrapper {

    private final String headerName;

    ClientCertificateHeaderHandler(String headerName, Handler next) {
        super(next);
        this.headerName = headerName;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = HttpFields.build(request.getHeaders());
        headers.remove(headerName);
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
            X509Certificate[] chain = ssl.peerCertificates();
            if (chain != null && chain.length > 0) {
                headers.put(headerName, chain[0].getSubjectX500Principal().getName());
            }
        }
        HttpFields rewritten = headers.asImmutable();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return rewritten;
            }
        }, response, callback);
    }
}
