package io.caracal.balancer.roundrobin.internal.smooth;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/**
 * Smooth weighted round-robin as nginx does it: each pick adds every candidate's weight to its
 * running score, takes the highest score and subtracts the total weight from it. Weights 5,1,1 give
 * a,a,b,a,c,a,a rather than a burst of five a's. When every weight is equal it degrades to a
 * lock-free rotating counter.
 */
public final class SmoothWeightedRoundRobin implements Balancer {

    private final Map<Upstream, Integer> positions;
    private final long[] scores;
    private final boolean uniformWeights;
    private final AtomicLong counter = new AtomicLong();

    public SmoothWeightedRoundRobin(ClusterView cluster) {
        List<Upstream> upstreams = cluster.upstreams();
        positions = new IdentityHashMap<>(upstreams.size() * 2);
        for (int i = 0; i < upstreams.size(); i++) {
            positions.put(upstreams.get(i), i);
        }
        scores = new long[upstreams.size()];
        uniformWeights = upstreams.stream().mapToInt(Upstream::weight).distinct().count() <= 1;
    }

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        if (uniformWeights) {
            return candidates.get((int) Math.floorMod(counter.getAndIncrement(), (long) size));
        }
        synchronized (scores) {
            long total = 0;
            int best = -1;
            long bestScore = Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                Upstream candidate = candidates.get(i);
                int position = positions.getOrDefault(candidate, -1);
                if (position < 0) {
                    continue; // not a member of this cluster: ignore rather than fail
                }
                int weight = candidate.weight();
                long score = scores[position] + weight;
                scores[position] = score;
                total += weight;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                return candidates.get(0);
            }
            Upstream chosen = candidates.get(best);
            scores[positions.get(chosen)] -= total;
            return chosen;
        }
    }
}
