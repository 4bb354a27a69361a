package io.caracal.core.internal.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.stats.TrafficCounter;

import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster as the data plane uses it: upstream states, the balancer picked for it, the client
 * that reaches its upstreams, and the resilience rules (outlier ejection, retry budget, circuit
 * breaking, session affinity). Immutable apart from the upstreams' live state and counters.
 */
public final class ClusterRuntime implements ClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRuntime.class);
    /** The longest an outlier stays ejected, however often it was ejected before. */
    private static final long MAX_EJECTION_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private final ClusterSpec spec;
    private final List<Upstream> upstreams;
    private final Balancer balancer;
    private final Balancer fallback;
    private final String strategyProvider;
    private final UpstreamClient client;
    private final Scheduler scheduler;
    private final String unavailableReason;
    private final TrafficCounter traffic;
    private volatile List<Upstream> healthy;
    private final AtomicLong strategyFailures = new AtomicLong();
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicInteger activeRetries = new AtomicInteger();

    /**
     * @param balancer the configured strategy's balancer, or {@code null} when the cluster runs on
     *        the fallback
     * @param strategyProvider the bundle that provided {@code balancer}, {@code symbolic-name version}
     * @param traffic the cluster's request counters, carried over from the runtime this one replaces
     */
    public ClusterRuntime(ClusterSpec spec, List<UpstreamState> upstreams, Balancer balancer, Balancer fallback,
            String strategyProvider, UpstreamClient client, Scheduler scheduler, TrafficCounter traffic) {
        this(spec, upstreams, balancer, fallback, strategyProvider, client, scheduler, null, traffic);
    }

    /**
     * A cluster that cannot serve until something it needs appears (such as its TLS context): it
     * has no client, and its requests get 503 with {@code reason}.
     */
    public static ClusterRuntime unavailable(ClusterSpec spec, List<UpstreamState> upstreams, String reason,
            TrafficCounter traffic) {
        return new ClusterRuntime(spec, upstreams, null, null, "", null, null, reason, traffic);
    }

    private ClusterRuntime(ClusterSpec spec, List<UpstreamState> upstreams, Balancer balancer, Balancer fallback,
            String strategyProvider, UpstreamClient client, Scheduler scheduler, String unavailableReason,
            TrafficCounter traffic) {
        this.unavailableReason = unavailableReason;
        this.traffic = traffic;
        this.spec = spec;
        this.upstreams = List.copyOf(upstreams);
        this.balancer = balancer;
        this.fallback = fallback;
        this.strategyProvider = strategyProvider;
        this.client = client;
        this.scheduler = scheduler;
        upstreams.forEach(state -> state.setHealthListener(this::refreshHealth));
        refreshHealth();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public List<Upstream> upstreams() {
        return upstreams;
    }

    public ClusterSpec spec() {
        return spec;
    }

    /** The client that reaches the upstreams; {@code null} exactly when the cluster is {@linkplain #unavailableReason() unavailable}. */
    public UpstreamClient client() {
        return client;
    }

    /** Why the cluster cannot serve at all (its requests get 503), or {@code null} when it can. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** Whether the configured strategy is missing and round-robin stands in. */
    public boolean usesFallback() {
        return balancer == null;
    }

    /** The bundle of the strategy in use, {@code symbolic-name version}; empty while round-robin stands in. */
    public String strategyProvider() {
        return balancer == null ? "" : strategyProvider;
    }

    /** The cluster's requests, each counted once however many upstreams it tried. */
    public TrafficCounter traffic() {
        return traffic;
    }

    public long strategyFailures() {
        return strategyFailures.get();
    }

    /** Recomputes the candidate list after an upstream's health changed. */
    public void refreshHealth() {
        healthy = upstreams.stream().filter(Upstream::healthy).toList();
    }

    /** The upstream a session-affinity cookie names, if it can take the request. */
    public UpstreamState stickyUpstream(String token) {
        for (Upstream candidate : healthy) {
            UpstreamState state = (UpstreamState) candidate;
            if (state.stickyToken().equals(token) && underRequestLimit(state)) {
                return state;
            }
        }
        return null;
    }

    /**
     * Picks a healthy upstream below its request limit, avoiding {@code tried} ones.
     *
     * @return the upstream, or {@code null} when none can take the request
     */
    public UpstreamState pick(RequestView request, List<UpstreamState> tried) {
        List<Upstream> candidates = healthy;
        if (!tried.isEmpty() || spec.maxRequestsPerUpstream() > 0) {
            candidates = new ArrayList<>(candidates);
            candidates.removeIf(u -> tried.contains(u) || !underRequestLimit((UpstreamState) u));
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (balancer != null) {
            try {
                Upstream chosen = balancer.pick(request, candidates);
                if (chosen instanceof UpstreamState state && candidates.contains(chosen)) {
                    return state;
                }
                failed(new IllegalStateException("returned " + chosen + ", which is not a healthy candidate"));
            } catch (RuntimeException | LinkageError e) {
                failed(e);
            }
        }
        return (UpstreamState) fallback.pick(request, candidates);
    }

    /** Whether a retry could go anywhere: a healthy upstream below its limit that was not tried. */
    public boolean hasCandidateBesides(List<UpstreamState> tried) {
        for (Upstream candidate : healthy) {
            if (!tried.contains(candidate) && underRequestLimit((UpstreamState) candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@link #pick} found nothing, for the 503 body. */
    public String noUpstreamReason() {
        if (healthy.isEmpty()) {
            return "no healthy upstream in cluster '" + spec.name() + "'";
        }
        return "every healthy upstream of cluster '" + spec.name() + "' is at its limit of "
                + spec.maxRequestsPerUpstream() + " concurrent requests";
    }

    private boolean underRequestLimit(UpstreamState upstream) {
        int limit = spec.maxRequestsPerUpstream();
        return limit == 0 || upstream.inFlight() < limit;
    }

    /** Counts a request of this cluster as active, for the retry budget. */
    public void requestStarted() {
        activeRequests.incrementAndGet();
    }

    public void requestEnded() {
        activeRequests.decrementAndGet();
    }

    /** Takes a retry from the budget; {@link #retryEnded()} gives it back. */
    public boolean tryStartRetry() {
        ClusterSpec.Retry retry = spec.retry();
        int allowed = Math.max(retry.minRetries(), activeRequests.get() * retry.budgetPercent() / 100);
        if (activeRetries.incrementAndGet() <= allowed) {
            return true;
        }
        activeRetries.decrementAndGet();
        return false;
    }

    public void retryEnded() {
        activeRetries.decrementAndGet();
    }

    /**
     * Records how an exchange with {@code upstream} ended and ejects it once it has failed too
     * often in a row, never ejecting more than the configured share of the cluster.
     */
    public void exchangeEnded(UpstreamState upstream, boolean failed) {
        int consecutive = upstream.requestFinished(failed);
        ClusterSpec.Outlier outlier = spec.outlier();
        if (!failed || !outlier.enabled() || consecutive != outlier.consecutiveFailures() || upstream.ejected()) {
            return;
        }
        synchronized (this) {
            long ejectedNow = upstreams.stream().filter(u -> ((UpstreamState) u).ejected()).count();
            if ((ejectedNow + 1) * 100 > (long) outlier.maxEjectionPercent() * upstreams.size()) {
                LOG.warn("Upstream {} of cluster '{}' failed {} times in a row but stays in: {} of {} upstreams "
                        + "are ejected already (outlier.max.ejection.percent = {})", upstream.id(), spec.name(),
                        consecutive, ejectedNow, upstreams.size(), outlier.maxEjectionPercent());
                return;
            }
            int times = upstream.eject();
            long millis = Math.min(MAX_EJECTION_MILLIS, outlier.baseEjectionMillis() * times);
            LOG.warn("Ejected upstream {} of cluster '{}' for {} ms after {} failures in a row (ejection #{})",
                    upstream.id(), spec.name(), millis, consecutive, times);
            scheduler.schedule(() -> {
                upstream.reinstate();
                LOG.info("Upstream {} of cluster '{}' is back after its ejection", upstream.id(), spec.name());
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void failed(Throwable e) {
        long count = strategyFailures.incrementAndGet();
        // Log the first failure and then every 1000th so a broken plugin cannot flood the log.
        if (count == 1 || count % 1000 == 0) {
            LOG.error("Strategy '{}' from bundle {} failed in cluster '{}' ({} failures so far); round-robin "
                    + "served the request", spec.strategy(), strategyProvider, spec.name(), count, e);
        }
    }
}
