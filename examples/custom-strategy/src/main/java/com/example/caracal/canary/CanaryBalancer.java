package com.example.caracal.canary;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.Upstream;

/**
 * Picks the canary for a fixed share of the requests and spreads the others round-robin over the
 * remaining upstreams. The share is exact and even, not random: with {@code percent=25} every
 * fourth ordinary request goes to the canary, so a low-traffic cluster sees the canary early and a
 * test can count on it.
 *
 * <p>Only healthy upstreams are candidates: an unhealthy canary gets nothing (its share goes to the
 * others), and when the canary is the only healthy upstream it gets everything, because a request
 * served by the new release beats a request that fails.
 *
 * <p>Thread-safe without locks: the only state is two counters.
 */
final class CanaryBalancer implements Balancer {

    /** The period of the share, in requests: {@code percent} is counted in hundredths. */
    private static final int PERIOD = 10_000;

    private final String canaryId;
    private final int basisPoints;
    private final String header;
    /** Ordinary requests so far: decides which of them go to the canary. */
    private final AtomicLong ordinary = new AtomicLong();
    /** Requests for the other upstreams so far: rotates over them. */
    private final AtomicLong rotation = new AtomicLong();

    CanaryBalancer(String canaryId, int basisPoints, String header) {
        this.canaryId = canaryId;
        this.basisPoints = basisPoints;
        this.header = header;
    }

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        Upstream canary = null;
        for (Upstream candidate : candidates) {
            if (candidate.id().equals(canaryId)) {
                canary = candidate;
                break;
            }
        }
        if (canary == null) {
            return other(candidates, null, candidates.size()); // the canary is unhealthy
        }
        int others = candidates.size() - 1;
        if (others == 0) {
            return canary; // ... or the only healthy one
        }
        String override = request.header(header);
        if ("always".equalsIgnoreCase(override)) {
            return canary;
        }
        if (!"never".equalsIgnoreCase(override) && canaryTurn()) {
            return canary;
        }
        return other(candidates, canary, others);
    }

    /**
     * Whether the next ordinary request is the canary's: of every {@value #PERIOD} requests, exactly
     * {@code basisPoints} are, spaced evenly (request n is when the running quota n * share crosses
     * a whole number).
     */
    private boolean canaryTurn() {
        long position = Math.floorMod(ordinary.getAndIncrement(), (long) PERIOD);
        return (position + 1) * basisPoints / PERIOD > position * basisPoints / PERIOD;
    }

    /** The next of the {@code count} candidates other than {@code canary}, round-robin. */
    private Upstream other(List<Upstream> candidates, Upstream canary, int count) {
        int index = (int) Math.floorMod(rotation.getAndIncrement(), (long) count);
        for (Upstream candidate : candidates) {
            if (candidate != canary && index-- == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("unreachable: " + count + " other candidates in " + candidates);
    }
}
