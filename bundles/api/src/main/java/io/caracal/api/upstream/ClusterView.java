package io.caracal.api.upstream;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** A named group of upstreams that serve the same content. */
@ProviderType
public interface ClusterView {

    String name();

    /** Every configured upstream, healthy or not, in configuration order. */
    List<Upstream> upstreams();
}
