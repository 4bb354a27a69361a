package io.caracal.core.internal.upstream;

import java.util.List;

import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/** The cluster view handed to strategies when they create a balancer. */
public record StaticClusterView(String name, List<Upstream> upstreams) implements ClusterView {

    public StaticClusterView {
        upstreams = List.copyOf(upstreams);
    }
}
