package io.caracal.listener.http.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answers every plain-HTTP request with a permanent redirect (308) to the same URL over HTTPS. */
final class HttpsRedirectHandler extends Handler.Abstract.NonBlocking {

    private final int httpsPort;

    HttpsRedirectHandler(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpURI uri = request.getHttpURI();
        String host = Request.getServerName(request);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + uri.getPathQuery();
        // 308 keeps the method and body, unlike 301.
        response.setStatus(HttpStatus.PERMANENT_REDIRECT_308);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, "308 Permanent Redirect: use " + location + "\n", callback);
        return true;
    }
}
