package io.caracal.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.UpstreamInfo;

/** A core that keeps its routes and clusters in lists and applies the operator actions to them. */
final class FakeProxyStatus implements ProxyStatus {

    final List<RouteInfo> routes = new CopyOnWriteArrayList<>();
    final List<ClusterInfo> clusters = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    FakeProxyStatus() {
        routes.add(Fixtures.route("default", true));
        clusters.add(Fixtures.cluster());
        warnings.add("Cluster 'api' asks for strategy 'canary', which is not installed; falling back to round-robin");
    }

    @Override
    public List<RouteInfo> routes() {
        return List.copyOf(routes);
    }

    @Override
    public List<ClusterInfo> clusters() {
        return List.copyOf(clusters);
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public boolean setDrained(String cluster, String upstream, boolean drained) {
        calls.add("setDrained " + cluster + " " + upstream + " " + drained);
        for (int c = 0; c < clusters.size(); c++) {
            ClusterInfo info = clusters.get(c);
            if (!info.name().equals(cluster)) {
                continue;
            }
            List<UpstreamInfo> upstreams = new ArrayList<>(info.upstreams());
            for (int u = 0; u < upstreams.size(); u++) {
                UpstreamInfo up = upstreams.get(u);
                if (up.id().equals(upstream)) {
                    upstreams.set(u, new UpstreamInfo(up.id(), up.scheme(), up.weight(), up.healthy(), drained,
                            drained, up.inFlight(), up.latencyMillis(), up.traffic()));
                    clusters.set(c, new ClusterInfo(info.name(), info.strategy(), info.strategyProvider(),
                            info.fallback(), info.unavailableReason(), upstreams, info.traffic()));
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean setRouteEnabled(String route, boolean enabled) {
        calls.add("setRouteEnabled " + route + " " + enabled);
        for (int i = 0; i < routes.size(); i++) {
            RouteInfo r = routes.get(i);
            if (r.name().equals(route)) {
                routes.set(i, new RouteInfo(r.name(), r.hosts(), r.pathPrefix(), r.cluster(), r.clusterConfigured(),
                        enabled, r.filters(), r.traffic()));
                return true;
            }
        }
        return false;
    }
}
