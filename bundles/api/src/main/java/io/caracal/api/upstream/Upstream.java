package io.caracal.api.upstream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One server of a cluster, with the live state the proxy keeps for it. The state methods read
 * counters maintained by the core and are cheap enough to call on every request.
 */
@ProviderType
public interface Upstream {

    /** A stable identifier within its cluster, {@code host:port}. */
    String id();

    /** {@code http} or {@code https}. */
    String scheme();

    String host();

    int port();

    /**
     * The weight to balance by now, at least 1: the configured weight, reduced for a while after
     * the upstream recovers when the cluster has slow start on. Read it when picking rather than
     * keeping it; a strategy that derives state from weights in {@code create} uses the weights of
     * that moment until the next membership change.
     */
    int weight();

    /** Requests sent to this upstream whose responses have not completed yet. */
    int inFlight();

    /**
     * A peak-sensitive moving average of this upstream's response-header latency in nanoseconds,
     * or 0 before the first response: a slower sample is taken at once, faster ones pull the
     * average down exponentially over time (a time constant of about ten seconds).
     */
    long latencyEwmaNanos();

    /** Whether the proxy currently considers this upstream able to take traffic. */
    boolean healthy();
}
