package io.caracal.core.internal.upstream;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.caracal.core.internal.config.ClusterSpec;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty HTTP client that one cluster uses to reach its upstreams, with pooled keep-alive
 * connections. A client is shared by consecutive snapshots while the cluster's transport settings
 * stay the same; once retired it stops after its last exchange ends, so in-flight requests finish.
 */
public final class UpstreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

    private final ClusterSpec.Transport transport;
    private final HttpClient httpClient;
    private final AtomicInteger exchanges = new AtomicInteger();
    private volatile boolean retired;

    public UpstreamClient(String clusterName, ClusterSpec.Transport transport, Executor executor,
            Scheduler scheduler, ByteBufferPool bufferPool) throws Exception {
        this.transport = transport;
        ClientConnector connector = new ClientConnector();
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
    }

    public ClusterSpec.Transport transport() {
        return transport;
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
