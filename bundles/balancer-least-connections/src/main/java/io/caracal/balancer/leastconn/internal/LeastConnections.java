package io.caracal.balancer.leastconn.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.Upstream;

/**
 * Weighted least connections, as nginx {@code least_conn} and HAProxy {@code leastconn} do it:
 * each request goes to the candidate with the lowest {@code inFlight / weight}. Loads are compared
 * by cross-multiplication ({@code a.inFlight * b.weight < b.inFlight * a.weight}), so there is no
 * rounding.
 *
 * <p>Ties are common (every idle upstream has load 0), so they are not broken by position, which
 * would send all light traffic to the first upstream: a shared counter walks the tied candidates in
 * a weighted rotation, each taking as many consecutive turns as its weight. Equal load therefore
 * spreads evenly, and by weight when weights differ (weights 3 and 1 give a, a, a, b while both are
 * idle).
 *
 * <p>Lock-free: two passes over the candidates read the live counters and one atomic increment
 * breaks a tie. Counters change under concurrent requests between and during the passes; that only
 * makes a pick slightly stale, never invalid.
 */
final class LeastConnections implements Balancer {

    private final AtomicLong ties = new AtomicLong();

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        // Pass 1: the lowest load, and how many candidates (and how much weight) share it.
        Upstream best = candidates.get(0);
        long bestLoad = load(best);
        long bestWeight = weight(best);
        int tied = 1;
        long tiedWeight = bestWeight;
        for (int i = 1; i < size; i++) {
            Upstream candidate = candidates.get(i);
            long load = load(candidate);
            long weight = weight(candidate);
            long diff = load * bestWeight - bestLoad * weight;
            if (diff < 0) {
                best = candidate;
                bestLoad = load;
                bestWeight = weight;
                tied = 1;
                tiedWeight = weight;
            } else if (diff == 0) {
                tied++;
                tiedWeight += weight;
            }
        }
        if (tied == 1) {
            return best;
        }
        // Pass 2: the ticket-th unit of weight among the tied candidates.
        long ticket = Math.floorMod(ties.getAndIncrement(), tiedWeight);
        for (int i = 0; i < size; i++) {
            Upstream candidate = candidates.get(i);
            long weight = weight(candidate);
            if (load(candidate) * bestWeight == bestLoad * weight) {
                ticket -= weight;
                if (ticket < 0) {
                    return candidate;
                }
            }
        }
        return best; // the counters moved between the passes
    }

    private static long load(Upstream upstream) {
        return Math.max(0, upstream.inFlight());
    }

    private static long weight(Upstream upstream) {
        return Math.max(1, upstream.weight());
    }
}
