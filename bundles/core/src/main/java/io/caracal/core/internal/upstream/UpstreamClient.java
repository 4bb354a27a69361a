package io.caracal.core.internal.upstream;

import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;

import io.caracal.api.tls.TlsContext;
import io.caracal.core.internal.config.ClusterSpec;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty HTTP client that one cluster uses to reach its upstreams, with pooled keep-alive
 * connections. A client is shared by consecutive snapshots while the cluster's transport settings
 * (TLS included) and its TLS context service stay the same; once retired it stops after its last
 * exchange ends, so in-flight requests finish.
 */
public final class UpstreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

    private final ClusterSpec.Transport transport;
    private final TlsContext tlsContext;
    private final HttpClient httpClient;
    private final AtomicInteger exchanges = new AtomicInteger();
    private volatile boolean retired;

    /**
     * @param source where the cluster was configured, for messages
     * @param tlsContext the TLS context named by {@code tls.client.context}, or {@code null} when
     *        the cluster presents no client certificate
     */
    public UpstreamClient(String clusterName, String source, ClusterSpec.Transport transport, TlsContext tlsContext,
            Executor executor, Scheduler scheduler, ByteBufferPool bufferPool) throws Exception {
        this.transport = transport;
        this.tlsContext = tlsContext;
        ClusterSpec.Tls tls = transport.tls();
        if (!tls.verify()) {
            LOG.warn("Cluster '{}' does NOT verify its upstreams' certificates (tls.verify = false in {})",
                    clusterName, source);
        }
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(sslContextFactory(tls, tlsContext));
        connector.setSelectors(1);
        connector.setExecutor(executor);
        connector.setScheduler(scheduler);
        connector.setByteBufferPool(bufferPool);
        connector.setConnectTimeout(Duration.ofMillis(transport.connectTimeoutMillis()));
        connector.setIdleTimeout(Duration.ofMillis(transport.idleTimeoutMillis()));
        HttpClientTransportOverHTTP clientTransport = new HttpClientTransportOverHTTP(connector);
        // The proxy's response listener never blocks (it writes to the client asynchronously), so
        // upstream responses are handled on the selector thread instead of being handed to a
        // pool thread each time.
        clientTransport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        httpClient = new HttpClient(clientTransport);
        httpClient.setName("caracal-upstream-" + clusterName);
        httpClient.setExecutor(executor);
        httpClient.setScheduler(scheduler);
        httpClient.setByteBufferPool(bufferPool);
        httpClient.setConnectTimeout(transport.connectTimeoutMillis());
        httpClient.setIdleTimeout(transport.idleTimeoutMillis());
        httpClient.setMaxConnectionsPerDestination(transport.maxConnectionsPerUpstream());
        httpClient.setMaxRequestsQueuedPerDestination(transport.maxPendingRequests());
        // A proxy passes messages through untouched: no redirects, no decoding, no cookie jar,
        // no authentication handling and no User-Agent of its own.
        httpClient.setFollowRedirects(false);
        httpClient.setUserAgentField(null);
        httpClient.setHttpCookieStore(new HttpCookieStore.Empty());
        httpClient.getContentDecoderFactories().clear();
        httpClient.getProtocolHandlers().clear();
        httpClient.start();
        // An empty decoder list is filled at start with the Compression implementations on the
        // class path (jetty-compression-gzip comes with jetty-client), which would add
        // Accept-Encoding upstream and decode answers: empty it again.
        httpClient.getContentDecoderFactories().clear();
    }

    public ClusterSpec.Transport transport() {
        return transport;
    }

    /** The TLS context that supplies the client certificate, or {@code null}. */
    public TlsContext tlsContext() {
        return tlsContext;
    }

    /** TLS towards https upstreams, as the cluster's {@code tls.*} keys ask. */
    static SslContextFactory.Client sslContextFactory(ClusterSpec.Tls tls, TlsContext tlsContext) throws Exception {
        SslContextFactory.Client factory;
        List<String> protocols = tls.protocols();
        if (tlsContext != null) {
            // Only versions that both the cluster and the context allow.
            List<String> allowed = tlsContext.protocols();
            protocols = protocols.stream().filter(p -> allowed.isEmpty() || allowed.contains(p)).toList();
            if (protocols.isEmpty()) {
                throw new IllegalStateException("tls.protocols " + tls.protocols() + " and TLS context '"
                        + tls.clientContext() + "' " + allowed + " have no protocol version in common");
            }
            // The context's key managers present its certificate, its trust managers verify the upstream.
            factory = new CurrentTlsContextFactory(tlsContext);
            if (!tlsContext.cipherSuites().isEmpty()) {
                factory.setIncludeCipherSuites(tlsContext.cipherSuites().toArray(String[]::new));
            }
        } else {
            factory = new SslContextFactory.Client(!tls.verify());
            if (tls.verify() && !tls.trustedCas().isEmpty()) {
                KeyStore trustStore = KeyStore.getInstance("PKCS12");
                trustStore.load(null, null);
                for (int i = 0; i < tls.trustedCas().size(); i++) {
                    trustStore.setCertificateEntry("ca-" + i, tls.trustedCas().get(i));
                }
                factory.setTrustStore(trustStore);
            }
        }
        // Host names are checked against the certificate (the SNI name first, when one is sent).
        factory.setEndpointIdentificationAlgorithm(tls.verify() ? "HTTPS" : null);
        factory.setIncludeProtocols(protocols.toArray(String[]::new));
        String sni = tls.sni();
        factory.setSNIProvider((engine, names) -> serverNames(sni, engine, names));
        return factory;
    }

    /**
     * The SNI names to send: the configured one, else the upstream's host name (also a name without
     * a dot such as {@code localhost}, which the JDK leaves out); never an IP address.
     */
    private static List<SNIServerName> serverNames(String configured, SSLEngine engine, List<SNIServerName> names) {
        if (configured != null) {
            return List.of(new SNIHostName(configured));
        }
        String host = engine.getPeerHost();
        if (!names.isEmpty() || host == null || host.indexOf(':') >= 0
                || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return names;
        }
        try {
            return List.of(new SNIHostName(host));
        } catch (IllegalArgumentException e) {
            return names;
        }
    }

    /**
     * A client TLS factory fed by a TLS context: every new connection asks the context for its
     * current SSLContext, so a reloaded client certificate is used at once.
     */
    private static final class CurrentTlsContextFactory extends SslContextFactory.Client {

        private final TlsContext context;

        CurrentTlsContextFactory(TlsContext context) {
            this.context = context;
            setSslContext(context.sslContext());
        }

        @Override
        public SSLEngine newSSLEngine(String host, int port) {
            SSLEngine engine = context.sslContext().createSSLEngine(host, port);
            customize(engine);
            return engine;
        }
    }

    public HttpClient httpClient() {
        return httpClient;
    }

    /**
     * Called before an exchange starts on this client.
     *
     * @return false when the client has been retired and stopped meanwhile; the caller must then
     *         take a fresh snapshot and not call {@link #exchangeEnded()}
     */
    public boolean tryStartExchange() {
        exchanges.incrementAndGet();
        if (httpClient.isRunning()) {
            return true;
        }
        exchanges.decrementAndGet();
        return false;
    }

    /** Called when an exchange ends; stops a retired client after its last exchange. */
    public void exchangeEnded() {
        if (exchanges.decrementAndGet() == 0 && retired) {
            // This runs on the client's own threads, which a stop waits for: stop from elsewhere.
            Thread stopper = new Thread(this::stop, "caracal-stop-" + httpClient.getName());
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    /** No new exchanges will start here: stop once the running ones end. */
    public void retire() {
        retired = true;
        if (exchanges.get() == 0) {
            stop();
        }
    }

    /** Whether the client is still running: retired clients stop after their last exchange. */
    public boolean isRunning() {
        return httpClient.isRunning();
    }

    /** Stops the client now, failing any exchange still running on it. */
    public void stop() {
        if (httpClient.isStopped() || httpClient.isStopping()) {
            return;
        }
        try {
            LifeCycle.stop(httpClient);
        } catch (RuntimeException e) {
            LOG.warn("Stopping {} failed", httpClient.getName(), e);
        }
    }
}
