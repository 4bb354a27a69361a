package io.caracal.core.internal.proxy;

import io.caracal.core.internal.routing.CompiledRoute;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.routing.Snapshot;
import io.caracal.core.internal.upstream.ClusterRuntime;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The proxy's request handler, registered for listeners to attach. It matches a route in the
 * current snapshot and hands the request to an {@link Exchange} with the route's cluster.
 */
@Component(service = Request.Handler.class, property = "caracal.role=proxy")
public final class ProxyRequestHandler implements Request.Handler {

    private final Router router;

    @Activate
    public ProxyRequestHandler(@Reference Router router) {
        this.router = router;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // A retired client can stop between reading the snapshot and starting the exchange: retry
        // once on the snapshot that replaced it.
        for (int attempt = 0; attempt < 2; attempt++) {
            if (tryForward(router.snapshot(), request, response, callback)) {
                return true;
            }
        }
        ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "configuration is being reloaded, retry");
        return true;
    }

    /** @return false if the snapshot went stale under the request; nothing was sent then */
    private boolean tryForward(Snapshot snapshot, Request request, Response response, Callback callback) {
        String host = Request.getServerName(request);
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath() == null ? "/" : uri.getPath();
        CompiledRoute route = snapshot.match(host, path, request.getMethod(), request.getHeaders());
        if (route == null) {
            ErrorResponses.send(response, callback, HttpStatus.NOT_FOUND_404,
                    "no route matches host '" + host + "' and path '" + path + "'");
            return true;
        }
        ClusterRuntime cluster = route.cluster();
        if (cluster == null) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "route '"
                    + route.spec().name() + "' refers to cluster '" + route.spec().cluster() + "', which is not configured");
            return true;
        }
        if (cluster.unavailableReason() != null) {
            ErrorResponses.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, cluster.unavailableReason());
            return true;
        }
        return new Exchange(request, response, callback, route.spec(), cluster, host,
                new JettyRequestView(request, host)).start();
    }
}
