package io.caracal.core.internal.proxy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

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

    /** Binds a request filter under {@code name}, for routes whose "filters" list it. */
    @SuppressWarnings("unchecked")
    protected void bindFilter(String name, io.caracal.api.filter.RequestFilter filter) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.filters";
                    case "getVersion" -> Version.emptyVersion;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = Map.of(io.caracal.api.filter.RequestFilter.NAME_PROPERTY, name,
                "service.ranking", 0, "service.id", 100L);
        router.bindFilter((ServiceReference<io.caracal.api.filter.RequestFilter>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    case "compareTo" -> 0;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "reference to filter " + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                }), filter);
    }
}
