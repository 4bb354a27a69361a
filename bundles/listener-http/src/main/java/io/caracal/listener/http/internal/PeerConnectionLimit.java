package io.caracal.listener.http.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open TCP connections per peer IP ({@code max.connections.per.ip}). An entry lives only while its
 * IP has connections open, so the map stays as small as the set of connected peers.
 */
final class PeerConnectionLimit {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections per IP at most; 0 for no limit (then nothing is counted) */
    PeerConnectionLimit(int max) {
        this.max = max;
    }

    boolean enabled() {
        return max > 0;
    }

    /** Counts a new connection from {@code peer}, unless that IP is at the limit already. */
    boolean tryAcquire(InetAddress peer) {
        boolean[] admitted = new boolean[1];
        open.compute(peer, (ip, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < max;
            return admitted[0] ? current + 1 : count;
        });
        return admitted[0];
    }

    /** Forgets a connection counted by {@link #tryAcquire}. */
    void release(InetAddress peer) {
        open.computeIfPresent(peer, (ip, count) -> count > 1 ? count - 1 : null);
    }

    /** Open connections of {@code peer} (for tests and diagnostics). */
    int openConnections(InetAddress peer) {
        return open.getOrDefault(peer, 0);
    }

    /** How many IPs have connections open. */
    int peers() {
        return open.size();
    }
}
