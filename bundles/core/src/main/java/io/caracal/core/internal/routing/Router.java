package io.caracal.core.internal.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.cache.CacheStore;
import io.caracal.api.config.ConfigException;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.tls.TlsContext;
import io.caracal.balancer.roundrobin.internal.smooth.SmoothWeightedRoundRobin;
import io.caracal.core.internal.cache.RouteCache;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.filter.FilterBinding;
import io.caracal.core.internal.filter.FilterStats;
import io.caracal.core.internal.stats.TrafficCounter;
import io.caracal.api.upstream.ClusterView;
import io.caracal.core.internal.upstream.ClusterRuntime;
import io.caracal.core.internal.upstream.HealthChecker;
import io.caracal.core.internal.upstream.StaticClusterView;
import io.caracal.core.internal.upstream.UpstreamClient;
import io.caracal.core.internal.upstream.UpstreamState;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the routing state. Routes and clusters arrive from their configuration components,
 * strategies, filters, cache stores and TLS contexts as OSGi services; every change builds a new {@link Snapshot} and
 * swaps it in atomically. Parts that do not change (upstream state, HTTP clients, balancers) carry over.
 */
@Component(service = Router.class)
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final long WARNING_DELAY_MILLIS = 1000;
    private static final long DRAIN_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    /** Balancing strategy services; ranked when a snapshot is built (rankings can change). */
    private final Map<ServiceReference<BalancingStrategy>, BalancingStrategy> strategies = new ConcurrentHashMap<>();
    /** TLS context services by service id; looked up by name when a snapshot is built. */
    private final Map<Long, BoundTlsContext> tlsContexts = new ConcurrentHashMap<>();
    /** Request filter services; looked up by name and ranking when a snapshot is built. */
    private final Map<ServiceReference<RequestFilter>, RequestFilter> filters = new ConcurrentHashMap<>();
    /** Cache store services; looked up by name and ranking when a snapshot is built. */
    private final Map<ServiceReference<CacheStore>, CacheStore> cacheStores = new ConcurrentHashMap<>();
    /** Cache counters, flights and revalidations by route name, kept while a caching route of that name is configured. */
    private final Map<String, RouteCache.State> cacheStates = new HashMap<>();
    /** Filter counters by route and filter name, kept while the route lists the filter. */
    private final Map<String, FilterStats> filterStats = new HashMap<>();
    /** Request counters by route and by cluster name, kept while a route or cluster of that name is configured. */
    private final Map<String, TrafficCounter> routeTraffic = new HashMap<>();
    private final Map<String, TrafficCounter> clusterTraffic = new HashMap<>();
    /** Routes an operator disabled; forgotten when the route goes away or on restart. */
    private final Set<String> disabledRoutes = new TreeSet<>();
    /** Requests no route matched (404). */
    private final LongAdder unmatched = new LongAdder();
    private final Map<String, RouteSpec> routeSpecs = new TreeMap<>();
    private final Map<String, ClusterSpec> clusterSpecs = new TreeMap<>();
    private final Map<String, String> rejected = new TreeMap<>();

    /** What the previous snapshot built, kept to carry parts over. */
    private final Map<String, ClusterRuntime> clusters = new HashMap<>();
    private final Map<String, ServiceReference<BalancingStrategy>> clusterStrategy = new HashMap<>();
    private final Map<String, UpstreamClient> clients = new HashMap<>();
    private final Map<String, UpstreamState> upstreamStates = new HashMap<>();
    private final Map<String, HealthChecker> healthCheckers = new HashMap<>();

    private QueuedThreadPool executor;
    private ScheduledExecutorScheduler scheduler;
    private ByteBufferPool bufferPool;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private List<String> loggedWarnings = List.of();
    private boolean active;

    @Activate
    public synchronized void activate() throws Exception {
        executor = new QueuedThreadPool(256, 4);
        executor.setName("caracal-upstream");
        executor.setDaemon(true);
        executor.start();
        scheduler = new ScheduledExecutorScheduler("caracal-upstream-scheduler", true);
        scheduler.start();
        bufferPool = new ArrayByteBufferPool();
        active = true;
        rebuild();
    }

    @Deactivate
    public synchronized void deactivate() throws Exception {
        active = false;
        snapshot = Snapshot.EMPTY;
        healthCheckers.values().forEach(HealthChecker::stop);
        healthCheckers.clear();
        // Let in-flight exchanges finish (bounded), then stop whatever is left.
        clients.values().forEach(UpstreamClient::retire);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (clients.values().stream().anyMatch(UpstreamClient::isRunning) && System.nanoTime() < deadline) {
            wait(50);
        }
        clients.values().forEach(UpstreamClient::stop);
        clients.clear();
        clusters.clear();
        scheduler.stop();
        executor.stop();
    }

    /** The current snapshot; cheap, lock-free. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Counts a request that no route matched. */
    public void countUnmatched() {
        unmatched.increment();
    }

    /** Requests that no route matched, since start. */
    public long unmatched() {
        return unmatched.sum();
    }

    /**
     * Disables a route on an operator's word (it keeps matching, and answers 503) or enables it
     * again. The next request sees the change: the snapshot is rebuilt.
     *
     * @return false when no route of that name is configured
     */
    public synchronized boolean setRouteEnabled(String name, boolean enabled) {
        if (routeSpecs.values().stream().noneMatch(spec -> spec.name().equals(name))) {
            return false;
        }
        if (enabled ? disabledRoutes.remove(name) : disabledRoutes.add(name)) {
            LOG.info("Route '{}' {} by an operator", name, enabled ? "enabled" : "disabled");
            rebuildIfActive();
        }
        return true;
    }

    /**
     * Drains an upstream on an operator's word (no new requests; in-flight ones finish) or ends
     * that drain. The flag lives in the upstream's state, which outlives snapshots.
     *
     * @param upstream {@code host:port}, or {@code scheme://host:port} where a cluster has both schemes
     * @return false when no such cluster or upstream is configured
     */
    public synchronized boolean setUpstreamDrained(String cluster, String upstream, boolean drained) {
        ClusterRuntime runtime = clusters.get(cluster);
        if (runtime == null || upstream == null) {
            return false;
        }
        boolean found = false;
        for (var candidate : runtime.upstreams()) {
            UpstreamState state = (UpstreamState) candidate;
            if (upstream.equals(state.id()) || upstream.equals(state.toString())) {
                found = true;
                if (state.drainedByOperator() != drained) {
                    state.setDrainedByOperator(drained);
                    LOG.info("Upstream {} of cluster '{}' {} by an operator", state, cluster,
                            drained ? "drained" : "undrained");
                }
            }
        }
        return found;
    }

    @Reference(service = BalancingStrategy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedStrategy")
    public synchronized void bindStrategy(ServiceReference<BalancingStrategy> reference, BalancingStrategy strategy) {
        strategies.put(reference, strategy);
        rebuildIfActive();
    }

    public synchronized void updatedStrategy(ServiceReference<BalancingStrategy> reference, BalancingStrategy strategy) {
        // Its name or ranking may have changed.
        rebuildIfActive();
    }

    public synchronized void unbindStrategy(ServiceReference<BalancingStrategy> reference, BalancingStrategy strategy) {
        strategies.remove(reference);
        rebuildIfActive();
    }

    /** A request filter service, for routes' {@code filters}. */
    @Reference(service = RequestFilter.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedFilter")
    public synchronized void bindFilter(ServiceReference<RequestFilter> reference, RequestFilter filter) {
        filters.put(reference, filter);
        rebuildIfActive();
    }

    public synchronized void updatedFilter(ServiceReference<RequestFilter> reference, RequestFilter filter) {
        // Its name or ranking may have changed.
        rebuildIfActive();
    }

    public synchronized void unbindFilter(ServiceReference<RequestFilter> reference, RequestFilter filter) {
        filters.remove(reference);
        rebuildIfActive();
    }

    /** A cache store service, for routes' {@code cache}. */
    @Reference(service = CacheStore.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedCacheStore")
    public synchronized void bindCacheStore(ServiceReference<CacheStore> reference, CacheStore store) {
        cacheStores.put(reference, store);
        rebuildIfActive();
    }

    public synchronized void updatedCacheStore(ServiceReference<CacheStore> reference, CacheStore store) {
        // Its name or ranking may have changed.
        rebuildIfActive();
    }

    public synchronized void unbindCacheStore(ServiceReference<CacheStore> reference, CacheStore store) {
        cacheStores.remove(reference);
        rebuildIfActive();
    }

    /**
     * A TLS context service, for clusters' {@code tls.client.context}. Bound with its service
     * properties ({@value TlsContext#NAME_PROPERTY}, {@code service.id}, {@code service.ranking}).
     */
    @Reference(service = TlsContext.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedTlsContext")
    public synchronized void bindTlsContext(TlsContext context, Map<String, Object> properties) {
        tlsContexts.put(serviceId(properties), BoundTlsContext.of(context, properties));
        rebuildIfActive();
    }

    public synchronized void updatedTlsContext(TlsContext context, Map<String, Object> properties) {
        // Its name or ranking may have changed.
        tlsContexts.put(serviceId(properties), BoundTlsContext.of(context, properties));
        rebuildIfActive();
    }

    public synchronized void unbindTlsContext(TlsContext context, Map<String, Object> properties) {
        tlsContexts.remove(serviceId(properties));
        rebuildIfActive();
    }

    public synchronized void putRoute(String pid, RouteSpec spec) {
        rejected.remove(pid);
        routeSpecs.put(pid, spec);
        rebuildIfActive();
    }

    public synchronized void removeRoute(String pid) {
        rejected.remove(pid);
        if (routeSpecs.remove(pid) != null) {
            rebuildIfActive();
        }
    }

    public synchronized void putCluster(String pid, ClusterSpec spec) {
        rejected.remove(pid);
        clusterSpecs.put(pid, spec);
        rebuildIfActive();
    }

    public synchronized void removeCluster(String pid) {
        rejected.remove(pid);
        if (clusterSpecs.remove(pid) != null) {
            rebuildIfActive();
        }
    }

    /** Records a configuration that failed validation; what was there before keeps serving. */
    public synchronized void rejectConfiguration(String pid, ConfigException error) {
        boolean keptOld = routeSpecs.containsKey(pid) || clusterSpecs.containsKey(pid);
        rejected.put(pid, error.getMessage()
                + (keptOld ? "; the last good version keeps serving" : "; nothing was applied"));
        rebuildIfActive();
    }

    private synchronized void rebuildIfActive() {
        if (active) {
            rebuild();
        }
    }

    private void rebuild() {
        List<String> warnings = new ArrayList<>();
        rejected.values().forEach(message -> warnings.add("Rejected configuration " + message));

        Map<String, ClusterSpec> byName = new LinkedHashMap<>();
        for (ClusterSpec spec : clusterSpecs.values()) {
            ClusterSpec previous = byName.putIfAbsent(spec.name(), spec);
            if (previous != null) {
                warnings.add("Cluster name '" + spec.name() + "' is configured twice (" + previous.source()
                        + " and " + spec.source() + "); the first is used");
            }
        }

        Map<String, ClusterRuntime> nextClusters = new HashMap<>();
        Map<String, ServiceReference<BalancingStrategy>> nextStrategy = new HashMap<>();
        Map<String, UpstreamClient> nextClients = new HashMap<>();
        Map<String, UpstreamState> nextStates = new HashMap<>();
        Map<String, TrafficCounter> nextClusterTraffic = new HashMap<>();
        for (ClusterSpec spec : byName.values()) {
            TrafficCounter traffic = clusterTraffic.getOrDefault(spec.name(), new TrafficCounter());
            nextClusterTraffic.put(spec.name(), traffic);
            try {
                ServiceReference<BalancingStrategy> strategyRef = findStrategy(spec.strategy());
                nextClusters.put(spec.name(),
                        buildCluster(spec, strategyRef, traffic, nextClients, nextStates, warnings));
                nextStrategy.put(spec.name(), strategyRef);
            } catch (Exception e) {
                warnings.add("Cluster '" + spec.name() + "' could not start: " + e);
                LOG.error("Cluster '{}' ({}) could not start", spec.name(), spec.source(), e);
            }
        }

        List<CompiledRoute> routes = new ArrayList<>();
        Map<String, FilterStats> nextFilterStats = new HashMap<>();
        Map<String, RouteSpec> routesByName = new HashMap<>();
        Map<String, TrafficCounter> nextRouteTraffic = new HashMap<>();
        Map<String, RouteCache.State> nextCacheStates = new HashMap<>();
        // An operator's disable lasts while the route does.
        disabledRoutes.retainAll(routeSpecs.values().stream().map(RouteSpec::name).toList());
        for (RouteSpec spec : routeSpecs.values()) {
            RouteSpec previous = routesByName.putIfAbsent(spec.name(), spec);
            if (previous != null) {
                warnings.add("Route name '" + spec.name() + "' is configured twice (" + previous.source()
                        + " and " + spec.source() + "); both are active");
            }
            ClusterRuntime cluster = nextClusters.get(spec.cluster());
            if (cluster == null) {
                warnings.add("Route '" + spec.name() + "' refers to cluster '" + spec.cluster()
                        + "', which is not configured: its requests get 503");
            }
            // Routes of the same name share one counter: they are one route to an operator.
            TrafficCounter traffic = nextRouteTraffic.computeIfAbsent(spec.name(),
                    name -> routeTraffic.getOrDefault(name, new TrafficCounter()));
            routes.add(new CompiledRoute(spec, cluster, bindFilters(spec, nextFilterStats, warnings), traffic,
                    disabledRoutes.contains(spec.name()), bindCache(spec, nextCacheStates, warnings)));
        }

        snapshot = new Snapshot(routes, nextClusters, warnings);

        // Clients no longer used finish their exchanges, then stop.
        for (Map.Entry<String, UpstreamClient> old : clients.entrySet()) {
            if (nextClients.get(old.getKey()) != old.getValue()) {
                old.getValue().retire();
            }
        }
        reconcileHealthCheckers(nextClusters);
        replace(clients, nextClients);
        replace(clusters, nextClusters);
        replace(clusterStrategy, nextStrategy);
        replace(upstreamStates, nextStates);
        replace(filterStats, nextFilterStats);
        replace(cacheStates, nextCacheStates);
        replace(routeTraffic, nextRouteTraffic);
        replace(clusterTraffic, nextClusterTraffic);
        // Configurations arrive one by one at startup (a route before its cluster): log only the
        // warnings that still stand once things settle.
        scheduler.schedule(this::logWarnings, WARNING_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private ClusterRuntime buildCluster(ClusterSpec spec, ServiceReference<BalancingStrategy> strategyRef,
            TrafficCounter traffic, Map<String, UpstreamClient> nextClients, Map<String, UpstreamState> nextStates,
            List<String> warnings) throws Exception {
        String tlsContextName = spec.transport().tls().clientContext();
        TlsContext tlsContext = tlsContextName == null ? null : findTlsContext(tlsContextName);
        UpstreamClient client = null;
        if (tlsContextName == null || tlsContext != null) {
            client = clients.get(spec.name());
            if (client == null || !client.transport().equals(spec.transport()) || client.tlsContext() != tlsContext) {
                client = new UpstreamClient(spec.name(), spec.source(), spec.transport(), tlsContext, executor,
                        scheduler, bufferPool);
            }
            nextClients.put(spec.name(), client);
        }

        List<UpstreamState> states = new ArrayList<>();
        for (ClusterSpec.UpstreamSpec upstream : spec.upstreams()) {
            String key = spec.name() + "|" + upstream.scheme() + "://" + upstream.id();
            UpstreamState state = upstreamStates.get(key);
            if (state == null) {
                state = new UpstreamState(upstream.scheme(), upstream.host(), upstream.port(), upstream.weight());
            }
            state.configure(upstream.weight(), upstream.draining(), spec.slowStartMillis());
            nextStates.put(key, state);
            states.add(state);
        }

        if (client == null) {
            warnings.add("Cluster '" + spec.name() + "' needs TLS context '" + tlsContextName
                    + "' (tls.client.context in " + spec.source() + "), which is not registered: its requests get 503");
            return ClusterRuntime.unavailable(spec, states, "cluster '" + spec.name() + "' needs TLS context '"
                    + tlsContextName + "', which is not registered", traffic);
        }

        ClusterRuntime previous = clusters.get(spec.name());
        if (previous != null && previous.spec().equals(spec) && previous.client() == client
                && Objects.equals(clusterStrategy.get(spec.name()), strategyRef)) {
            if (previous.usesFallback()) {
                warnings.add(missingStrategyWarning(spec));
            }
            return previous; // nothing changed: keep the balancer and its state
        }

        ClusterView view = new StaticClusterView(spec.name(), List.copyOf(states));
        Balancer fallback = new SmoothWeightedRoundRobin(view);
        Balancer balancer = null;
        String provider = "";
        String origin = "";
        if (strategyRef == null) {
            warnings.add(missingStrategyWarning(spec));
        } else {
            provider = provider(strategyRef);
            origin = "bundle " + provider;
            try {
                balancer = strategies.get(strategyRef).create(view, spec.strategyOptions());
                if (balancer == null) {
                    throw new IllegalStateException("create() returned null");
                }
            } catch (IllegalArgumentException e) {
                // A configuration problem: the warning says all there is to say.
                warnings.add("Strategy '" + spec.strategy() + "' (" + origin + ") rejected cluster '"
                        + spec.name() + "' (" + spec.source() + "): " + e.getMessage() + "; falling back to round-robin");
                balancer = null;
            } catch (RuntimeException | LinkageError e) {
                warnings.add("Strategy '" + spec.strategy() + "' (" + origin + ") failed for cluster '"
                        + spec.name() + "': " + e + "; falling back to round-robin");
                LOG.error("Strategy '{}' from {} failed for cluster '{}' ({})", spec.strategy(), origin,
                        spec.name(), spec.source(), e);
                balancer = null;
            }
        }
        ServiceReference<BalancingStrategy> before = clusterStrategy.get(spec.name());
        if (balancer != null && !strategyRef.equals(before)) {
            LOG.info("Cluster '{}' now balances with strategy '{}' from {}", spec.name(), spec.strategy(), origin);
        }
        return new ClusterRuntime(spec, states, balancer, fallback, provider, client, scheduler, traffic);
    }

    /** The route's filter slots, each filled by the highest-ranked service of its name, if any. */
    private List<FilterBinding> bindFilters(RouteSpec spec, Map<String, FilterStats> nextStats, List<String> warnings) {
        List<FilterBinding> bindings = new ArrayList<>(spec.filters().size());
        for (String name : spec.filters()) {
            String statsKey = spec.name() + "|" + name;
            FilterStats stats = nextStats.computeIfAbsent(statsKey,
                    key -> filterStats.getOrDefault(key, new FilterStats()));
            ServiceReference<RequestFilter> reference = findNamed(filters.keySet(), RequestFilter.NAME_PROPERTY, name);
            RequestFilter filter = reference == null ? null : filters.get(reference);
            if (filter == null) {
                warnings.add("Route '" + spec.name() + "' lists filter '" + name
                        + "', which is not available: its requests get 503");
                bindings.add(FilterBinding.missing(name, stats));
            } else {
                Object type = reference.getProperty(RequestFilter.TYPE_PROPERTY);
                String typeName = type instanceof String[] types ? (types.length == 0 ? "" : types[0])
                        : type == null ? "" : type.toString();
                bindings.add(new FilterBinding(name, typeName, filter, provider(reference), stats));
            }
        }
        return bindings;
    }

    /**
     * The route's cache with the highest-ranked store of its name, or without a store (the route
     * then goes uncached) while none is registered; null when the route does not cache.
     */
    private RouteCache bindCache(RouteSpec spec, Map<String, RouteCache.State> nextStates, List<String> warnings) {
        if (spec.cache() == null) {
            return null;
        }
        RouteCache.State state = nextStates.computeIfAbsent(spec.name(),
                name -> cacheStates.getOrDefault(name, new RouteCache.State()));
        ServiceReference<CacheStore> reference = findNamed(cacheStores.keySet(), CacheStore.NAME_PROPERTY,
                spec.cache().store());
        CacheStore store = reference == null ? null : cacheStores.get(reference);
        if (store == null) {
            warnings.add("Route '" + spec.name() + "' caches in store '" + spec.cache().store()
                    + "', which is not available: its responses are not cached");
            return new RouteCache(spec.name(), spec.cache(), null, "", state, scheduler);
        }
        return new RouteCache(spec.name(), spec.cache(), store, provider(reference), state, scheduler);
    }

    /** Keeps one health checker per cluster that asks for active checks. */
    private void reconcileHealthCheckers(Map<String, ClusterRuntime> nextClusters) {
        for (var it = healthCheckers.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            ClusterRuntime cluster = nextClusters.get(entry.getKey());
            if (cluster == null || cluster.client() == null || !entry.getValue().fits(cluster.spec(), cluster.client())) {
                entry.getValue().stop();
                it.remove();
            }
        }
        for (ClusterRuntime cluster : nextClusters.values()) {
            if (cluster.spec().healthCheck() != null && cluster.client() != null
                    && !healthCheckers.containsKey(cluster.name())) {
                String name = cluster.name();
                healthCheckers.put(name, new HealthChecker(cluster.spec(), cluster.client(), scheduler,
                        () -> snapshot.clusters().get(name)));
            }
        }
    }

    /** The bundle that registered a service: {@code symbolic-name version}. */
    private static String provider(ServiceReference<?> reference) {
        return reference.getBundle().getSymbolicName() + " " + reference.getBundle().getVersion();
    }

    private static String missingStrategyWarning(ClusterSpec spec) {
        return "Cluster '" + spec.name() + "' asks for strategy '" + spec.strategy()
                + "', which is not installed; falling back to round-robin";
    }

    /** The highest-ranked strategy service of that name, or null. */
    private ServiceReference<BalancingStrategy> findStrategy(String name) {
        return findNamed(strategies.keySet(), BalancingStrategy.NAME_PROPERTY, name);
    }

    /** The highest-ranked (then oldest) service whose name property holds that name, or null. */
    private static <S> ServiceReference<S> findNamed(java.util.Collection<ServiceReference<S>> references,
            String property, String name) {
        List<ServiceReference<S>> ranked = new ArrayList<>(references);
        ranked.sort(java.util.Collections.reverseOrder());
        for (ServiceReference<S> reference : ranked) {
            Object registered = reference.getProperty(property);
            if (registered instanceof String[] names ? List.of(names).contains(name) : name.equals(registered)) {
                return reference;
            }
        }
        return null;
    }

    /** The TLS context service of that name with the highest ranking (then the lowest id), or null. */
    private TlsContext findTlsContext(String name) {
        BoundTlsContext best = null;
        for (BoundTlsContext candidate : tlsContexts.values()) {
            if (candidate.names().contains(name) && (best == null || candidate.ranking() > best.ranking()
                    || (candidate.ranking() == best.ranking() && candidate.id() < best.id()))) {
                best = candidate;
            }
        }
        return best == null ? null : best.context();
    }

    private static long serviceId(Map<String, Object> properties) {
        Object id = properties.get("service.id");
        if (id instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalArgumentException("TLS context service without service.id: " + properties);
    }

    /** A bound TLS context service with the properties that select it. */
    private record BoundTlsContext(List<String> names, int ranking, long id, TlsContext context) {

        static BoundTlsContext of(TlsContext context, Map<String, Object> properties) {
            Object name = properties.get(TlsContext.NAME_PROPERTY);
            List<String> names = name instanceof String[] array ? List.of(array)
                    : name instanceof java.util.Collection<?> collection ? collection.stream().map(String::valueOf).toList()
                    : name == null ? List.of() : List.of(name.toString());
            Object ranking = properties.get("service.ranking");
            return new BoundTlsContext(names, ranking instanceof Integer value ? value : 0, serviceId(properties),
                    context);
        }
    }

    private synchronized void logWarnings() {
        if (!active) {
            return;
        }
        List<String> warnings = snapshot.warnings();
        for (String warning : warnings) {
            if (!loggedWarnings.contains(warning)) {
                LOG.warn(warning);
            }
        }
        loggedWarnings = warnings;
    }

    private static <K, V> void replace(Map<K, V> target, Map<K, V> source) {
        target.clear();
        target.putAll(source);
    }
}
