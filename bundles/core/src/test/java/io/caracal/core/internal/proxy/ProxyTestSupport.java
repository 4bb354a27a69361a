package io.caracal.core.internal.proxy;

import java.util.ArrayList;
import java.util.List;

import io.caracal.core.internal.routing.Router;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A router and the proxy handler behind a real Jetty listener on a free loopback port, a client to
 * talk to it, and origins that the tests start; everything is stopped after each test.
 */
abstract class ProxyTestSupport {

    protected final List<Server> servers = new ArrayList<>();
    protected Router router;
    protected HttpClient client;
    protected int proxyPort;

    @BeforeEach
    void startProxy() throws Exception {
        router = new Router();
        router.activate();
        ProxyRequestHandler handler = new ProxyRequestHandler(router);
        proxyPort = startServer(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return handler.handle(request, response, Callback.from(callback, () -> completed(request)));
            }
        });
        client = new HttpClient();
        client.setFollowRedirects(false);
        client.start();
    }

    @AfterEach
    void stopProxy() throws Exception {
        client.stop();
        router.deactivate();
        for (Server server : servers) {
            server.stop();
        }
    }

    /** Called when the proxy completes a request, before Jetty does: what a request log would see. */
    protected void completed(Request request) {
    }

    /** Starts a Jetty server with {@code handler} on a free loopback port and returns the port. */
    protected int startServer(Handler handler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        servers.add(server);
        return connector.getLocalPort();
    }
}
