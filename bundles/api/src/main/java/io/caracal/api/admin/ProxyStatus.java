package io.caracal.api.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The routing core's live state and the actions an operator may take on it at runtime. */
@ProviderType
public interface ProxyStatus {

    /** Routes in match order. */
    List<RouteInfo> routes();

    /** Clusters by name order. */
    List<ClusterInfo> clusters();

    /** The cache stores routes use, with their counters. */
    default List<CacheInfo> caches() {
        return List.of();
    }

    /**
     * Purges cached responses: of one route ({@code route} non-null) or of every route, and only
     * those whose URL ({@code scheme://host/path?query}) starts with {@code urlPrefix} ({@code ""}
     * or null for all).
     *
     * @return the number of entries removed, once done; fails with IllegalArgumentException for an
     *         unknown route
     */
    default java.util.concurrent.CompletionStage<Long> purge(String route, String urlPrefix) {
        return java.util.concurrent.CompletableFuture.completedFuture(0L);
    }

    /** Problems an operator should see: missing plugins, fallbacks, rejected configurations. */
    List<String> warnings();

    /** Requests that matched no route (each answered 404) since start. */
    default long unmatchedRequests() {
        return 0;
    }

    /**
     * Drains an upstream (no new requests; in-flight ones finish) or ends an operator's drain. It
     * holds until undone or until Caracal restarts, on top of the cluster's configuration (an
     * upstream the configuration drains stays drained).
     *
     * @param upstream {@code host:port} (or {@code scheme://host:port}) as in the cluster's {@code upstreams}
     * @return false when no such cluster or upstream exists
     */
    boolean setDrained(String cluster, String upstream, boolean drained);

    /**
     * Disables a route (its requests get 503 naming it) or enables it again; it holds until undone
     * or until Caracal restarts.
     *
     * @return false when no such route exists
     */
    boolean setRouteEnabled(String route, boolean enabled);
}
