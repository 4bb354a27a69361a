package io.caracal.core.internal.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import io.caracal.api.upstream.Upstream;
import io.caracal.core.internal.stats.TrafficCounter;

/**
 * The live state of one upstream. Instances outlive configuration snapshots (the core reuses the
 * state of an upstream that stays in its cluster), so counters and health survive a reload.
 *
 * <p>An upstream takes new requests while it passes its active health checks, is not ejected by
 * outlier detection and is not drained, neither by its configuration nor by an operator. After a
 * recovery its weight ramps up over the cluster's slow-start time.
 */
public final class UpstreamState implements Upstream {

    /** Time constant of the latency average: how fast old samples fade. */
    private static final double DECAY_NANOS = 10e9;
    /** Weight share a recovered upstream starts from when slow start is on. */
    private static final double RAMP_FLOOR = 0.1;

    private final String scheme;
    private final String host;
    private final int port;
    private final String id;
    private final String stickyToken;
    private volatile int weight;
    private volatile boolean passingChecks = true;
    private volatile boolean ejected;
    private volatile boolean draining;
    /** An operator's runtime drain; lives as long as this state, so it survives reloads. */
    private volatile boolean drainedByOperator;
    private volatile long slowStartNanos;
    private volatile long rampStartNanos;
    private volatile long rampEndNanos;
    private volatile Runnable healthListener = () -> { };
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger ejections = new AtomicInteger();
    private final TrafficCounter traffic = new TrafficCounter();
    private volatile long latencyEwma;
    private long latencySampledAt;
    private int checkSuccesses;
    private int checkFailures;

    public UpstreamState(String scheme, String host, int port, int weight) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.id = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.weight = weight;
        this.stickyToken = token(scheme + "://" + id);
    }

    @Override public String id() { return id; }
    @Override public String scheme() { return scheme; }
    @Override public String host() { return host; }
    @Override public int port() { return port; }
    @Override public int inFlight() { return inFlight.get(); }

    /** The configured weight, reduced while the upstream ramps up after a recovery. */
    @Override
    public int weight() {
        long end = rampEndNanos;
        if (end == 0) {
            return weight;
        }
        long now = System.nanoTime();
        if (now - end >= 0) {
            rampEndNanos = 0;
            return weight;
        }
        double share = Math.max(RAMP_FLOOR, (now - rampStartNanos) / (double) (end - rampStartNanos));
        return Math.max(1, (int) Math.ceil(weight * share));
    }

    /**
     * A peak-sensitive moving average of response-header latency: a slower sample is taken at
     * once, faster ones pull it down with a time constant of ten seconds.
     */
    @Override
    public long latencyEwmaNanos() {
        return latencyEwma; // written under the lock in responseStarted, read lock-free
    }

    @Override
    public boolean healthy() {
        return passingChecks && !ejected && !draining && !drainedByOperator;
    }

    /** The opaque value of the session-affinity cookie that names this upstream. */
    public String stickyToken() {
        return stickyToken;
    }

    public boolean passingChecks() {
        return passingChecks;
    }

    public boolean ejected() {
        return ejected;
    }

    /** Whether the configuration drains it. */
    public boolean draining() {
        return draining;
    }

    public boolean drainedByOperator() {
        return drainedByOperator;
    }

    /** The weight the configuration gives it, without the slow-start ramp. */
    public int configuredWeight() {
        return weight;
    }

    /** The attempts sent to it. */
    public TrafficCounter traffic() {
        return traffic;
    }

    /**
     * Drains it on an operator's word, or ends that drain; a drain by configuration stays.
     * Takes the same way out of the candidate list as a configured drain.
     */
    public void setDrainedByOperator(boolean drained) {
        if (drainedByOperator != drained) {
            drainedByOperator = drained;
            healthChanged(false);
        }
    }

    /** Applies the configuration of the snapshot being built. */
    public void configure(int weight, boolean draining, long slowStartMillis) {
        this.weight = weight;
        this.slowStartNanos = slowStartMillis * 1_000_000;
        if (this.draining != draining) {
            this.draining = draining;
            healthChanged(false);
        }
    }

    /** Who to tell when this upstream starts or stops taking traffic: the cluster that owns it now. */
    public void setHealthListener(Runnable healthListener) {
        this.healthListener = healthListener;
    }

    /** Called when a request is sent to this upstream. */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** Called once the response headers arrived, with the time since the request was sent. */
    public synchronized void responseStarted(long latencyNanos) {
        long now = System.nanoTime();
        if (latencyEwma == 0 || latencyNanos > latencyEwma) {
            latencyEwma = latencyNanos;
        } else {
            double keep = Math.exp(-(now - latencySampledAt) / DECAY_NANOS);
            latencyEwma = (long) (latencyEwma * keep + latencyNanos * (1 - keep));
        }
        latencySampledAt = now;
    }

    /**
     * Called exactly once per {@link #requestStarted()}, when the exchange ends.
     *
     * @return the number of consecutive failures so far, 0 after a success
     */
    public int requestFinished(boolean failed) {
        inFlight.decrementAndGet();
        if (!failed) {
            consecutiveFailures.set(0);
            return 0;
        }
        return consecutiveFailures.incrementAndGet();
    }

    /** Ejects this upstream; returns how many times it has been ejected, this time included. */
    public int eject() {
        ejected = true;
        healthChanged(false);
        return ejections.incrementAndGet();
    }

    /** Ends an ejection; the upstream takes traffic again, ramping up if slow start is on. */
    public void reinstate() {
        consecutiveFailures.set(0);
        ejected = false;
        healthChanged(true);
    }

    /**
     * Records one active health check result.
     *
     * @return whether the upstream's check state flipped
     */
    public synchronized boolean recordCheck(boolean passed, int healthyThreshold, int unhealthyThreshold) {
        if (passed) {
            checkFailures = 0;
            checkSuccesses++;
            if (!passingChecks && checkSuccesses >= healthyThreshold) {
                passingChecks = true;
                healthChanged(true);
                return true;
            }
        } else {
            checkSuccesses = 0;
            checkFailures++;
            if (passingChecks && checkFailures >= unhealthyThreshold) {
                passingChecks = false;
                healthChanged(false);
                return true;
            }
        }
        return false;
    }

    private void healthChanged(boolean recovered) {
        if (recovered && slowStartNanos > 0 && healthy()) {
            long now = System.nanoTime();
            rampStartNanos = now;
            rampEndNanos = now + slowStartNanos;
        }
        healthListener.run();
    }

    private static String token(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return scheme + "://" + id;
    }
}
