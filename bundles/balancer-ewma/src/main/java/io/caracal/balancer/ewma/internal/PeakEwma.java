package io.caracal.balancer.ewma.internal;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/**
 * Latency-aware balancing in the manner of Finagle's and Linkerd's peak EWMA: each request goes
 * to the candidate with the lowest expected cost
 *
 * <pre>    cost = latencyEwmaNanos * (inFlight + 1) / weight</pre>
 *
 * that is, the time a new request should take there, scaled by the requests it would queue behind.
 * The latency average is the core's ({@link Upstream#latencyEwmaNanos()}); this class reads it and
 * adds nothing to it except the decay below.
 *
 * <p><b>Choosing among the candidates.</b> Up to {@value #FULL_SCAN_MAX} candidates are all
 * compared: the scan is as cheap as drawing two, and on a cluster that small two random draws would
 * often leave out the best upstream. Above that the balancer uses power of two choices: it draws two
 * distinct candidates at random and takes the cheaper. A full scan there would send every
 * concurrent request to the same momentarily cheapest upstream until its counters catch up (herding);
 * two random draws spread those requests while still never choosing the costlier of the pair.
 * Equal costs go to the candidate with fewer requests in flight per weight; the scan starts at a
 * random position so that remaining ties do not always favour the first upstream.
 *
 * <p><b>Upstreams without a latency sample</b> (a new upstream, before its first response) cost 0
 * while idle, so they are tried before any measured one. Once a probe is under way they cost more
 * than any measured upstream until its answer arrives (Finagle's penalty): otherwise every request
 * in that window would go to an upstream whose latency is unknown, which on a small cluster means
 * all of them. Among themselves such upstreams are still ordered by requests in flight.
 *
 * <p><b>Decay.</b> The latency of an upstream only changes when it answers, so an upstream that
 * once answered slowly would never be chosen again, and never show it recovered. While an upstream
 * has nothing in flight and its latency average stays unchanged, the latency in its cost fades by
 * {@code exp(-idle / decay)}; the first change of the average, or a request sent to it, restores the
 * full value. With the default decay of 10 s a slow upstream is retried after a few tens of seconds
 * unless the others slow down first.
 *
 * <p>Thread-safe and lock-free: the decay bookkeeping is two atomic arrays indexed by the upstream's
 * position in the cluster, written only when an upstream's latency changes or, at most once a
 * millisecond, while it has requests in flight. A pick allocates nothing.
 */
final class PeakEwma implements Balancer {

    /** Clusters up to this size are scanned in full; larger ones use two random choices. */
    static final int FULL_SCAN_MAX = 3;
    /** The cost of an unsampled upstream with a probe in flight: above every measured cost. */
    static final double PROBING_PENALTY = Double.MAX_VALUE;
    /** How stale the "last active" time of a busy upstream may get before it is written again. */
    private static final long REFRESH_NANOS = 1_000_000;

    private final Map<Upstream, Integer> slots;
    private final AtomicLongArray seenLatency;
    private final AtomicLongArray seenAt;
    private final double decayNanos;
    private final LongSupplier clock;
    private final IntUnaryOperator dice;

    /**
     * @param decayNanos time constant of the decay of an idle upstream's latency; 0 for none
     * @param clock the time in nanoseconds, as {@link System#nanoTime()}
     * @param dice a uniform random int from 0 (inclusive) to its argument (exclusive)
     */
    PeakEwma(ClusterView cluster, long decayNanos, LongSupplier clock, IntUnaryOperator dice) {
        List<Upstream> upstreams = cluster.upstreams();
        this.slots = new IdentityHashMap<>(upstreams.size() * 2);
        for (int i = 0; i < upstreams.size(); i++) {
            slots.put(upstreams.get(i), i);
        }
        this.seenLatency = new AtomicLongArray(upstreams.size());
        this.seenAt = new AtomicLongArray(upstreams.size());
        this.decayNanos = decayNanos;
        this.clock = clock;
        this.dice = dice;
    }

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        long now = decayNanos > 0 ? clock.getAsLong() : 0;
        if (size <= FULL_SCAN_MAX) {
            return scan(candidates, size, now);
        }
        int first = dice.applyAsInt(size);
        int second = dice.applyAsInt(size - 1);
        if (second >= first) {
            second++;
        }
        Upstream a = candidates.get(first);
        Upstream b = candidates.get(second);
        long loadA = load(a);
        long loadB = load(b);
        long weightA = weight(a);
        long weightB = weight(b);
        double costA = cost(a, loadA, weightA, now);
        double costB = cost(b, loadB, weightB, now);
        return cheaper(costB, loadB, weightB, costA, loadA, weightA) ? b : a;
    }

    private Upstream scan(List<Upstream> candidates, int size, long now) {
        int start = dice.applyAsInt(size);
        Upstream best = null;
        double bestCost = 0;
        long bestLoad = 0;
        long bestWeight = 1;
        for (int k = 0; k < size; k++) {
            int i = start + k;
            Upstream candidate = candidates.get(i < size ? i : i - size);
            long load = load(candidate);
            long weight = weight(candidate);
            double cost = cost(candidate, load, weight, now);
            if (best == null || cheaper(cost, load, weight, bestCost, bestLoad, bestWeight)) {
                best = candidate;
                bestCost = cost;
                bestLoad = load;
                bestWeight = weight;
            }
        }
        return best;
    }

    /** Whether (cost, load/weight) a is strictly below b: the cost first, then the load per weight. */
    private static boolean cheaper(double costA, long loadA, long weightA, double costB, long loadB, long weightB) {
        if (costA != costB) {
            return costA < costB;
        }
        return loadA * weightB < loadB * weightA;
    }

    private double cost(Upstream upstream, long load, long weight, long now) {
        long latency = upstream.latencyEwmaNanos();
        if (latency <= 0) {
            return load == 0 ? 0 : PROBING_PENALTY;
        }
        return latency(upstream, latency, load, now) * (load + 1) / weight;
    }

    /** The latency to use in the cost: decayed while the upstream sits idle with no new sample. */
    private double latency(Upstream upstream, long latency, long load, long now) {
        if (decayNanos <= 0) {
            return latency;
        }
        Integer slot = slots.get(upstream);
        if (slot == null) {
            return latency; // not a member of this cluster: no bookkeeping
        }
        int s = slot;
        if (seenLatency.get(s) != latency) {
            seenLatency.set(s, latency);
            seenAt.set(s, now);
            return latency;
        }
        long since = now - seenAt.get(s);
        if (load > 0) {
            if (since > REFRESH_NANOS) {
                seenAt.lazySet(s, now);
            }
            return latency;
        }
        return since <= 0 ? latency : latency * Math.exp(-since / decayNanos);
    }

    private static long load(Upstream upstream) {
        return Math.max(0, upstream.inFlight());
    }

    private static long weight(Upstream upstream) {
        return Math.max(1, upstream.weight());
    }
}
