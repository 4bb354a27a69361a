package io.caracal.listener.http.internal;

import java.util.function.Supplier;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** One Jetty server bound to one listener's address, built from a {@link ListenerSpec}. */
final class ListenerServer {

    private final ListenerSpec spec;
    private final Server server;
    private final ServerConnector connector;

    ListenerServer(ListenerSpec spec, Supplier<Request.Handler> proxy) {
        this.spec = spec;
        QueuedThreadPool threads = new QueuedThreadPool(spec.maxThreads(), Math.min(8, spec.maxThreads()));
        threads.setName("caracal-" + spec.name());
        server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(spec.maxHeaderSize());
        http.setResponseHeaderSize(64 * 1024);
        // The upstream's Date and Server headers pass through; the proxy adds neither.
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(false);
        ConnectionFactory[] protocols = spec.h2c()
                ? new ConnectionFactory[] {new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http)}
                : new ConnectionFactory[] {new HttpConnectionFactory(http)};
        // One selector: the data plane is non-blocking, and on small machines a second selector
        // thread costs more in contention than it gains.
        connector = new ServerConnector(server, 1, 1, protocols);
        connector.setName(spec.name());
        connector.setHost(spec.host());
        connector.setPort(spec.port());
        connector.setIdleTimeout(spec.idleTimeoutMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(spec.maxConnections(), connector));

        ProxyDelegatingHandler proxyHandler = new ProxyDelegatingHandler(proxy);
        GracefulHandler graceful = new GracefulHandler();
        if (spec.maxBodySize() >= 0) {
            graceful.setHandler(new SizeLimitHandler(spec.maxBodySize(), -1));
            ((SizeLimitHandler) graceful.getHandler()).setHandler(proxyHandler);
        } else {
            graceful.setHandler(proxyHandler);
        }
        server.setHandler(graceful);
        server.setErrorHandler(new PlainTextErrorHandler());
        server.setStopTimeout(spec.stopTimeoutMillis());
        server.setStopAtShutdown(false); // the OSGi framework's shutdown stops us, in order
    }

    ListenerSpec spec() {
        return spec;
    }

    void start() throws Exception {
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    /** The bound port (useful when the configured port is 0). */
    int localPort() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets in-flight requests finish within the stop timeout, then closes. */
    void stop() throws Exception {
        server.stop();
    }
}
