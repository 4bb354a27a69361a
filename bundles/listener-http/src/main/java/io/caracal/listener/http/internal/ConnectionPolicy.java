package io.caracal.listener.http.internal;

/**
 * What a listener enforces per TCP connection.
 *
 * @param perIp open connections per peer IP
 * @param headerTimeoutMillis time to deliver a complete request header, 0 for no limit
 * @param requestRate requests per second per connection, 0 for no limit
 * @param requestBurst requests a connection may send at once before the rate applies
 */
record ConnectionPolicy(PeerConnectionLimit perIp, long headerTimeoutMillis, int requestRate, int requestBurst) {

    static ConnectionPolicy of(ListenerSpec spec) {
        return new ConnectionPolicy(new PeerConnectionLimit(spec.maxConnectionsPerIp()), spec.requestHeaderTimeoutMillis(),
                spec.connectionRequestRate(), spec.connectionRequestBurst());
    }
}
