package io.caracal.listener.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A client's TCP connection with the state the listener keeps per connection, whatever runs on
 * it (HTTP/1.1, h2c, or TLS with either inside): its slot in the per-IP count, its request header
 * deadline and its request token bucket, and its place in the listener's connection counts. Living
 * at the TCP level, that state survives protocol upgrades (h2c, ALPN) and is counted once per socket.
 */
final class GuardedEndPoint extends SocketChannelEndPoint {

    private final ConnectionPolicy policy;
    private final ConnectionCounter connections;
    private final InetAddress peer;
    private final RequestHeaderTimer headerTimer;
    private final TokenBucket requests;
    private final AtomicBoolean counted = new AtomicBoolean();
    private final AtomicBoolean opened = new AtomicBoolean();
    private volatile boolean overLimit;

    GuardedEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
            ConnectionPolicy policy, ConnectionCounter connections) {
        super(channel, selector, key, scheduler);
        this.policy = policy;
        this.connections = connections;
        this.peer = getRemoteSocketAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        this.headerTimer = policy.headerTimeoutMillis() > 0
                ? new RequestHeaderTimer(scheduler, policy.headerTimeoutMillis(), this) : null;
        this.requests = policy.requestRate() > 0
                ? new TokenBucket(policy.requestRate(), policy.requestBurst(), System.nanoTime()) : null;
    }

    /** The TCP connection a request arrived on, through any TLS layer; null on other connectors. */
    static GuardedEndPoint of(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        while (!(endPoint instanceof GuardedEndPoint)) {
            if (!(endPoint instanceof EndPoint.Wrapper wrapper)) {
                return null;
            }
            endPoint = wrapper.unwrap();
        }
        return (GuardedEndPoint) endPoint;
    }

    RequestHeaderTimer headerTimer() {
        return headerTimer;
    }

    TokenBucket requests() {
        return requests;
    }

    /** Whether this connection exceeded its IP's connection limit and is to be closed at once. */
    boolean overLimit() {
        return overLimit;
    }

    @Override
    public void onOpen() {
        super.onOpen();
        if (opened.compareAndSet(false, true)) {
            connections.opened();
        }
        if (policy.perIp().enabled() && peer != null) {
            if (policy.perIp().tryAcquire(peer)) {
                counted.set(true);
            } else {
                // Closed by GuardedConnector once its connection is open: closing an endpoint
                // before its connection has opened would run their lifecycles out of order.
                overLimit = true;
                return;
            }
        }
        if (headerTimer != null) {
            headerTimer.start();
        }
    }

    @Override
    public void onClose(Throwable failure) {
        try {
            super.onClose(failure);
        } finally {
            if (counted.compareAndSet(true, false)) {
                policy.perIp().release(peer);
            }
            if (opened.compareAndSet(true, false)) {
                connections.closed();
            }
            if (headerTimer != null) {
                headerTimer.stop();
            }
        }
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        int filled = super.fill(buffer);
        if (filled > 0 && headerTimer != null) {
            headerTimer.bytesReceived();
        }
        return filled;
    }

    /**
     * The request header deadline passed. A client that sent part of an HTTP/1 request gets a 408
     * before the connection closes; one that sent nothing (or is still in its TLS handshake, or
     * speaks HTTP/2, where an HTTP/1 answer would be garbage) is simply closed, as nginx does.
     */
    void headerTimedOut(boolean firstRequest) {
        Connection connection = getConnection();
        if (connection instanceof SslConnection tls) {
            connection = tls.getSslEndPoint().getConnection();
        }
        boolean http1 = connection instanceof ConnectionMetaData metaData
                && metaData.getHttpVersion() != HttpVersion.HTTP_2 && metaData.getHttpVersion() != HttpVersion.HTTP_3;
        if (!http1 || (firstRequest && connection.getBytesIn() == 0)) {
            close();
            return;
        }
        EndPoint http = connection.getEndPoint();
        try {
            http.write(Callback.from(http::close, failure -> http.close()), requestTimeout(policy.headerTimeoutMillis()));
        } catch (RuntimeException writePending) {
            http.close(); // Jetty is writing an answer of its own (a 400, say): just cut off
        }
    }

    private static ByteBuffer requestTimeout(long timeoutMillis) {
        String body = "408 Request Timeout: the request header was not received within " + timeoutMillis + " ms\n";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n\r\n";
        ByteBuffer buffer = ByteBuffer.allocate(head.length() + bodyBytes.length);
        buffer.put(head.getBytes(StandardCharsets.US_ASCII)).put(bodyBytes).flip();
        return buffer;
    }
}
