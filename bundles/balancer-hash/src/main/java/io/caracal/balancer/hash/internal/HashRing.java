package io.caracal.balancer.hash.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.Upstream;

/**
 * A consistent-hash ring with weighted virtual nodes: the balancer of the {@code consistent-hash}
 * strategy.
 *
 * <h2>The ring</h2>
 * Each upstream owns {@value #POINTS_PER_WEIGHT} × weight points on a 64-bit circle; point
 * {@code j} of an upstream is {@code XXH64(id, seed = j)} of its {@link Upstream#id() id}
 * ({@code host:port}). A request's key (see {@link KeySource}) is hashed with XXH64 too, and
 * belongs to the first point at or after it, clockwise. Points depend on nothing but the id and
 * {@code j}, so they are the same after a restart, a configuration reload or a change elsewhere in
 * the cluster:
 * <ul>
 * <li>removing an upstream removes only its points: only its keys move, each to the next point
 *     clockwise, so they spread over the others (about 1/N of the keys), and every other key stays;
 *     adding one takes only the keys that fall on its new points;</li>
 * <li>changing a weight adds or removes points {@code j ≥ new count} of that upstream only: keys
 *     move to or from that upstream, never between two others;</li>
 * <li>an unhealthy upstream (one not among the {@code candidates} of {@link #pick}) keeps its
 *     points: its keys go on to the next point clockwise whose upstream is a candidate, all other
 *     keys stay put, and its keys come back as soon as it is a candidate again. Nothing is rebuilt
 *     for that, so a health flap costs nothing.</li>
 * </ul>
 *
 * <h2>Why a ring and not Maglev</h2>
 * Maglev (Eisenbud et al., NSDI 2016) gives O(1) lookups and near-perfect balance, but its lookup
 * table is a function of the whole backend set: excluding an unhealthy backend means building
 * another table (per healthy subset, or on every health change, which {@code pick()} cannot do
 * cheaply as it only sees the candidate list), and even a rebuilt table moves a few keys between
 * backends that did not change, which is exactly what a sticky strategy should avoid. On the ring,
 * skipping an unhealthy upstream is just "the next point", removals are strictly minimal and
 * weights are point counts. The costs are a statistical rather than exact balance (with 160 points
 * per weight unit an upstream's share deviates from its weight's share by about 8 % of it, one
 * standard deviation) and a binary search over a {@code long[]} (17 steps for 5 upstreams of
 * weight 100) instead of one array read; both are small next to proxying a request.
 *
 * <h2>Layout and limits</h2>
 * The ring is one sorted {@code long[]}: the high 48 bits of each entry are the point's position,
 * the low 16 bits the index of its upstream in id order (so equal positions are ordered by id, not
 * by configuration order). This caps a cluster at {@value #MAX_UPSTREAMS} upstreams. The ring holds
 * at most about {@value #MAX_POINTS} points (8 MiB): when 160 × the total weight exceeds that, every
 * upstream gets proportionally fewer points (at least one), and as the scale then depends on the
 * total weight a membership change can move somewhat more than the removed upstream's keys.
 * Weights are read from {@link Upstream#weight()} once, when the ring is built.
 *
 * <p>Immutable once built and safe for concurrent use; {@link #pick} allocates nothing while the
 * key's owner is a candidate (and one small array when it has to skip unhealthy upstreams).
 */
final class HashRing implements Balancer {

    static final int POINTS_PER_WEIGHT = 160;
    static final int MAX_POINTS = 1 << 20;
    static final int OWNER_BITS = 16;
    static final int MAX_UPSTREAMS = 1 << OWNER_BITS;
    private static final long OWNER_MASK = MAX_UPSTREAMS - 1;

    private final KeySource key;
    /** The upstreams, sorted by id: an entry's low bits index this. */
    private final Upstream[] owners;
    private final Map<String, Integer> ownerById;
    /** Sorted (signed order); position in the high bits, owner index in the low bits. */
    private final long[] ring;

    private HashRing(KeySource key, Upstream[] owners, Map<String, Integer> ownerById, long[] ring) {
        this.key = key;
        this.owners = owners;
        this.ownerById = ownerById;
        this.ring = ring;
    }

    /**
     * Builds the ring over {@code upstreams}, healthy or not.
     *
     * @throws IllegalArgumentException for more than {@value #MAX_UPSTREAMS} upstreams or a repeated id
     */
    static HashRing build(List<? extends Upstream> upstreams, KeySource key) {
        if (upstreams.size() > MAX_UPSTREAMS) {
            throw new IllegalArgumentException("consistent-hash supports at most " + MAX_UPSTREAMS
                    + " upstreams per cluster, got " + upstreams.size());
        }
        List<Upstream> sorted = new ArrayList<>(upstreams);
        sorted.sort(Comparator.comparing(Upstream::id));
        Upstream[] owners = sorted.toArray(Upstream[]::new);
        Map<String, Integer> ownerById = new HashMap<>();
        int[] weights = new int[owners.length];
        long totalWeight = 0;
        for (int i = 0; i < owners.length; i++) {
            if (ownerById.put(owners[i].id(), i) != null) {
                throw new IllegalArgumentException("upstream '" + owners[i].id() + "' is listed twice");
            }
            weights[i] = Math.max(1, owners[i].weight());
            totalWeight += weights[i];
        }
        long budget = Math.min((long) POINTS_PER_WEIGHT * totalWeight, MAX_POINTS);
        int[] counts = new int[owners.length];
        int total = 0;
        for (int i = 0; i < owners.length; i++) {
            counts[i] = (int) Math.max(1, weights[i] * budget / totalWeight);
            total += counts[i];
        }
        long[] ring = new long[total];
        int next = 0;
        for (int i = 0; i < owners.length; i++) {
            String id = owners[i].id();
            for (int j = 0; j < counts[i]; j++) {
                ring[next++] = point(id, j) & ~OWNER_MASK | i;
            }
        }
        Arrays.sort(ring);
        return new HashRing(key, owners, Map.copyOf(ownerById), ring);
    }

    /** The position of point {@code j} of upstream {@code id} (full 64 bits; the ring keeps the high 48). */
    static long point(String id, int j) {
        return XxHash64.hash(id, j);
    }

    @Override
    public Upstream pick(RequestView request, List<Upstream> candidates) {
        return pick(key.hash(request), candidates);
    }

    /** The candidate that owns {@code hash}: the upstream of the first candidate point at or after it. */
    Upstream pick(long hash, List<Upstream> candidates) {
        if (ring.length == 0) {
            return candidates.get((int) Long.remainderUnsigned(hash, candidates.size()));
        }
        int index = ceiling(hash);
        Upstream owner = owners[(int) (ring[index] & OWNER_MASK)];
        for (int i = 0, n = candidates.size(); i < n; i++) {
            if (candidates.get(i) == owner) {
                return owner; // the usual case: the owner is healthy
            }
        }
        return walk(index, hash, candidates);
    }

    /** From {@code index} clockwise to the first point whose upstream is a candidate. */
    private Upstream walk(int index, long hash, List<Upstream> candidates) {
        Upstream[] usable = new Upstream[owners.length];
        boolean any = false;
        for (int i = 0, n = candidates.size(); i < n; i++) {
            Upstream candidate = candidates.get(i);
            Integer owner = ownerById.get(candidate.id());
            if (owner != null) {
                usable[owner] = candidate;
                any = true;
            }
        }
        if (!any) {
            // Candidates the ring does not know (not the core's case: they are always among the
            // cluster's upstreams): still answer deterministically.
            return candidates.get((int) Long.remainderUnsigned(hash, candidates.size()));
        }
        for (int step = 0; ; step++) {
            int at = index + step;
            if (at >= ring.length) {
                at -= ring.length;
            }
            Upstream candidate = usable[(int) (ring[at] & OWNER_MASK)];
            if (candidate != null) {
                return candidate;
            }
        }
    }

    /** The index of the first entry at or after {@code hash}'s position, wrapping to 0. */
    private int ceiling(long hash) {
        long position = hash & ~OWNER_MASK;
        int low = 0;
        int high = ring.length; // search [low, high) for the first entry >= position
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ring[mid] < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low == ring.length ? 0 : low;
    }

    /** Points per upstream id, for tests and diagnostics. */
    Map<String, Integer> pointCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (long entry : ring) {
            counts.merge(owners[(int) (entry & OWNER_MASK)].id(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public String toString() {
        return "consistent-hash ring of " + owners.length + " upstreams, " + ring.length + " points, " + key;
    }
}
