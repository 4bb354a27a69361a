package io.caracal.core.internal.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.caracal.api.upstream.Upstream;
import io.caracal.core.internal.config.ClusterSpec;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of one cluster: every interval, an HTTP GET to each upstream through the
 * cluster's own client. An upstream that fails the unhealthy threshold in a row gets no traffic
 * until it passes the healthy threshold in a row.
 */
public final class HealthChecker {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final String clusterName;
    private final ClusterSpec.HealthCheck check;
    private final UpstreamClient client;
    private final Scheduler scheduler;
    private final Supplier<ClusterRuntime> currentCluster;
    private final Set<UpstreamState> probing = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile Scheduler.Task next;

    /**
     * @param currentCluster the cluster of the current snapshot (its upstreams and their paths), or
     *        null once it is gone
     */
    public HealthChecker(ClusterSpec spec, UpstreamClient client, Scheduler scheduler,
            Supplier<ClusterRuntime> currentCluster) {
        this.clusterName = spec.name();
        this.check = spec.healthCheck();
        this.client = client;
        this.scheduler = scheduler;
        this.currentCluster = currentCluster;
        next = scheduler.schedule(this::round, 0, TimeUnit.MILLISECONDS);
    }

    /** Whether this checker still fits a cluster configured as {@code spec} using {@code client}. */
    public boolean fits(ClusterSpec spec, UpstreamClient client) {
        return check.equals(spec.healthCheck()) && this.client == client;
    }

    public void stop() {
        running = false;
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void round() {
        ClusterRuntime cluster = currentCluster.get();
        if (!running || cluster == null) {
            return;
        }
        for (int i = 0; i < cluster.upstreams().size(); i++) {
            Upstream upstream = cluster.upstreams().get(i);
            String override = cluster.spec().upstreams().get(i).healthPath();
            probe((UpstreamState) upstream, override != null ? override : check.path());
        }
        next = scheduler.schedule(this::round, check.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe(UpstreamState upstream, String path) {
        if (!probing.add(upstream)) {
            return; // the previous probe has not finished: never pile probes up on a slow upstream
        }
        if (!client.isRunning()) {
            probing.remove(upstream);
            return;
        }
        client.httpClient().newRequest(upstream.host(), upstream.port())
                .scheme(upstream.scheme())
                .path(path)
                .timeout(check.timeoutMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> headers.put(HttpHeader.USER_AGENT, "caracal-health-check"))
                .send(result -> {
                    probing.remove(upstream);
                    if (!running) {
                        return;
                    }
                    int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
                    boolean passed = result.isSucceeded() && status >= check.minStatus() && status <= check.maxStatus();
                    if (upstream.recordCheck(passed, check.healthyThreshold(), check.unhealthyThreshold())) {
                        if (passed) {
                            LOG.info("Upstream {} of cluster '{}' passes its health checks again", upstream.id(), clusterName);
                        } else {
                            LOG.warn("Upstream {} of cluster '{}' failed {} health checks in a row ({}): no traffic until it recovers",
                                    upstream.id(), clusterName, check.unhealthyThreshold(),
                                    result.isFailed() ? String.valueOf(result.getFailure().getMessage()) : "status " + status);
                        }
                    }
                });
    }
}
