package io.caracal.listener.http.internal;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.tls.TlsContext;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Jetty server bound to one listener's address, built from a {@link ListenerSpec}. */
final class ListenerServer {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerServer.class);

    /** Changes only with the access log, which is switched without rebuilding the server. */
    private volatile ListenerSpec spec;
    private final Server server;
    private final GuardedConnector connector;
    private final GracefulHandler graceful;
    private final RequestCountHandler requestCount;
    private final AccessLog accessLog = new AccessLog();

    /**
     * @param tls the listener's current TLS context, or null for plain HTTP
     */
    ListenerServer(ListenerSpec spec, Supplier<Request.Handler> proxy, Supplier<TlsContext> tls) {
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
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        ConnectionFactory[] protocols;
        if (tls != null) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // certificates are picked by the TLS context, by SNI
            secure.setStsMaxAge(spec.hstsMaxAgeSeconds());
            secure.setStsIncludeSubDomains(spec.hstsIncludeSubdomains());
            http.addCustomizer(secure);
            HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
            // ALPN ids, as clients offer them (the factories themselves answer to "h2" and "HTTP/1.1").
            ALPNServerConnectionFactory alpn = Alpn.serverFactory("h2", "http/1.1");
            alpn.setDefaultProtocol(http1.getProtocol());
            SslConnectionFactory ssl = new SslConnectionFactory(
                    new CurrentTlsContextFactory(tls.get(), tls), alpn.getProtocol());
            protocols = new ConnectionFactory[] {ssl, alpn, http2, http1};
        } else if (spec.h2c()) {
            protocols = new ConnectionFactory[] {http1, new HTTP2CServerConnectionFactory(http)};
        } else {
            protocols = new ConnectionFactory[] {http1};
        }
        connector = new GuardedConnector(server, ConnectionPolicy.of(spec), protocols);
        connector.setName(spec.name());
        connector.setHost(spec.host());
        connector.setPort(spec.port());
        connector.setIdleTimeout(spec.idleTimeoutMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(spec.maxConnections(), connector));

        Handler proxyHandler = new ProxyDelegatingHandler(proxy);
        if (spec.redirectHttpsPort() > 0) {
            proxyHandler = new HttpsRedirectHandler(spec.redirectHttpsPort());
        } else if (spec.clientCertHeader() != null) {
            proxyHandler = new ClientCertificateHeaderHandler(spec.clientCertHeader(), proxyHandler);
        }
        Handler inner = withRequestLimits(spec, proxyHandler);
        if (spec.healthPath() != null) {
            // Inside the graceful handler: a stopping listener fails its health check with 503.
            inner = spec.redirectHttpsPort() > 0
                    ? new HealthCheckHandler(spec.healthPath(), () -> true, "", inner) // needs no proxy core
                    : new HealthCheckHandler(spec.healthPath(), () -> proxy.get() != null,
                            ProxyDelegatingHandler.CORE_MISSING, inner);
        }
        graceful = new GracefulHandler(inner);
        // Outside the graceful handler, so that requests it turns away also rearm the timer.
        Handler outer = spec.requestHeaderTimeoutMillis() > 0 ? new RequestHeaderTimeoutHandler(graceful) : graceful;
        requestCount = new RequestCountHandler(outer);
        server.setHandler(requestCount);
        server.setErrorHandler(new PlainTextErrorHandler());
        server.setRequestLog(accessLog);
        server.setStopAtShutdown(false); // the OSGi framework's shutdown stops us, in order
    }

    /**
     * The per-request guards in front of the proxy, from the network inwards: the per-connection
     * rate (cheapest rejection first), the client address, the body timeout, the body size.
     */
    private static Handler withRequestLimits(ListenerSpec spec, Handler proxyHandler) {
        Handler handler = proxyHandler;
        if (spec.maxBodySize() >= 0) {
            SizeLimitHandler sizeLimit = new SizeLimitHandler(spec.maxBodySize(), -1);
            sizeLimit.setHandler(handler);
            handler = sizeLimit;
        }
        if (spec.requestBodyTimeoutMillis() > 0) {
            handler = new BodyTimeoutHandler(spec.requestBodyTimeoutMillis(), handler);
        }
        if (!spec.trustedProxies().isEmpty()) {
            handler = new ClientAddressHandler(spec.trustedProxies(), handler);
        }
        if (spec.connectionRequestRate() > 0) {
            handler = new ConnectionRateLimitHandler(spec.connectionRequestRate(), handler);
        }
        return handler;
    }

    ListenerSpec spec() {
        return spec;
    }

    void start() throws Exception {
        accessLog.apply(spec);
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    /**
     * Switches to the access log of {@code changed}, which differs from the current spec in
     * nothing else; the listener keeps serving throughout.
     */
    void reconfigureAccessLog(ListenerSpec changed) {
        accessLog.apply(changed);
        spec = changed;
    }

    /** Why the configured access log is not written (an unwritable file), or null. */
    String accessLogProblem() {
        return accessLog.problem();
    }

    /** The access log file written now, or null when there is none. */
    String accessLogFile() {
        return accessLog.currentFile();
    }

    /** A snapshot of this listener's state and counters, which count from its start. */
    ListenerInfo info() {
        ListenerSpec current = spec;
        boolean open = server.isStarted() && connector.isOpen();
        ConnectionCounter connections = connector.connections();
        return new ListenerInfo(current.name(), current.host(), open ? connector.getLocalPort() : 0, current.secure(),
                current.tlsContext(), !current.secure() && current.h2c(), open, connections.open(),
                connections.accepted(), requestCount.requests());
    }

    /** What a listener that is not open reports: its settings, closed, nothing counted. */
    static ListenerInfo closedInfo(ListenerSpec spec) {
        return new ListenerInfo(spec.name(), spec.host(), 0, spec.secure(), spec.tlsContext(),
                !spec.secure() && spec.h2c(), false, 0, 0, 0);
    }

    /** The bound port (useful when the configured port is 0). */
    int localPort() {
        return connector.getLocalPort();
    }

    /** Connections open from {@code peer}, as counted for {@code max.connections.per.ip}. */
    int openConnections(InetAddress peer) {
        return connector.policy().perIp().openConnections(peer);
    }

    /**
     * Stops accepting, lets in-flight requests finish within the stop timeout (new requests on
     * open connections get 503), then closes every connection, idle keep-alive ones included.
     */
    void stop() throws Exception {
        connector.shutdown();
        try {
            graceful.shutdown().get(spec.stopTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Listener '{}' stopped with requests still in flight after {} ms", spec.name(), spec.stopTimeoutMillis());
        }
        try {
            server.stop();
        } finally {
            // After the server: the last requests' lines are written before the file closes.
            accessLog.close();
        }
    }

    /** {@link #stop()} on a thread of its own, for when the caller must not wait. */
    void stopInBackground() {
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } catch (Exception e) {
                LOG.warn("Stopping listener '{}' failed", spec.name(), e);
            }
        }, "caracal-stop-" + spec.name());
        stopper.setDaemon(true);
        stopper.start();
    }
}
