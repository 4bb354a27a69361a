package io.caracal.core.internal.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.FilterInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.UpstreamInfo;
import io.caracal.api.upstream.Upstream;
import io.caracal.core.internal.filter.FilterBinding;
import io.caracal.core.internal.routing.CompiledRoute;
import io.caracal.core.internal.routing.Router;
import io.caracal.core.internal.upstream.ClusterRuntime;
import io.caracal.core.internal.upstream.UpstreamState;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The core's live state for the management plane, read from the router's current snapshot, and
 * the operator's runtime actions, which the router applies.
 */
@Component(service = ProxyStatus.class)
public final class ProxyStatusComponent implements ProxyStatus {

    private final Router router;

    @Activate
    public ProxyStatusComponent(@Reference Router router) {
        this.router = router;
    }

    @Override
    public List<RouteInfo> routes() {
        List<RouteInfo> routes = new ArrayList<>();
        for (CompiledRoute route : router.snapshot().routes()) {
            List<FilterInfo> filters = new ArrayList<>(route.filters().size());
            for (FilterBinding binding : route.filters()) {
                filters.add(new FilterInfo(binding.name(), binding.type(), binding.provider(),
                        binding.filter() != null, binding.stats().passed(), binding.stats().rejected(),
                        binding.stats().failed()));
            }
            routes.add(new RouteInfo(route.spec().name(), route.spec().hosts(), route.spec().pathPrefix(),
                    route.spec().cluster(), route.cluster() != null, !route.disabled(), filters,
                    route.traffic().snapshot()));
        }
        return routes;
    }

    @Override
    public List<ClusterInfo> clusters() {
        List<ClusterRuntime> runtimes = new ArrayList<>(router.snapshot().clusters().values());
        runtimes.sort(Comparator.comparing(ClusterRuntime::name));
        List<ClusterInfo> clusters = new ArrayList<>(runtimes.size());
        for (ClusterRuntime cluster : runtimes) {
            List<UpstreamInfo> upstreams = new ArrayList<>(cluster.upstreams().size());
            for (Upstream upstream : cluster.upstreams()) {
                upstreams.add(upstream((UpstreamState) upstream));
            }
            // An unavailable cluster has no balancer at all: nothing stands in for its strategy.
            boolean fallback = cluster.unavailableReason() == null && cluster.usesFallback();
            clusters.add(new ClusterInfo(cluster.name(), cluster.spec().strategy(), cluster.strategyProvider(),
                    fallback, cluster.unavailableReason(), upstreams, cluster.traffic().snapshot()));
        }
        return clusters;
    }

    private static UpstreamInfo upstream(UpstreamState state) {
        return new UpstreamInfo(state.id(), state.scheme(), state.configuredWeight(),
                state.passingChecks() && !state.ejected(), state.draining() || state.drainedByOperator(),
                state.drainedByOperator(), state.inFlight(), state.latencyEwmaNanos() / 1e6,
                state.traffic().snapshot());
    }

    @Override
    public List<String> warnings() {
        return router.snapshot().warnings();
    }

    @Override
    public long unmatchedRequests() {
        return router.unmatched();
    }

    @Override
    public boolean setDrained(String cluster, String upstream, boolean drained) {
        return router.setUpstreamDrained(cluster, upstream, drained);
    }

    @Override
    public boolean setRouteEnabled(String route, boolean enabled) {
        return router.setRouteEnabled(route, enabled);
    }
}
