package io.caracal.core.internal.cache;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.cache.CacheStore;
import io.caracal.api.cache.CachedResponse;
import io.caracal.core.internal.config.CacheSpec;

import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caching route's cache in one snapshot: its settings, the store bound by name (or none while
 * it is missing) and the state that outlives snapshots ({@link State}).
 */
public final class RouteCache {

    private static final Logger LOG = LoggerFactory.getLogger(RouteCache.class);
    /** A lookup the store has not answered in this time is taken as a miss. */
    static final long LOOKUP_TIMEOUT_MILLIS = 5_000;
    private static final AtomicLong STORE_FAILURES = new AtomicLong();
    /** How long a key whose response could not be stored is remembered as such. */
    static final long UNSHAREABLE_MILLIS = 30_000;
    private static final int MAX_UNSHAREABLE_KEYS = 10_000;

    private final String route;
    private final CacheSpec spec;
    private final CacheStore store;
    private final String provider;
    private final State state;
    private final Scheduler scheduler;

    /**
     * @param store the highest-ranked store of the configured name, or null while none is registered
     * @param provider the bundle of {@code store}, {@code symbolic-name version}, or empty
     */
    public RouteCache(String route, CacheSpec spec, CacheStore store, String provider, State state, Scheduler scheduler) {
        this.route = route;
        this.spec = spec;
        this.store = store;
        this.provider = provider;
        this.state = state;
        this.scheduler = scheduler;
    }

    public String route() {
        return route;
    }

    public CacheSpec spec() {
        return spec;
    }

    /** The store, or null while it is missing (the route then goes uncached). */
    public CacheStore store() {
        return store;
    }

    public String provider() {
        return provider;
    }

    public CacheCounters counters() {
        return state.counters;
    }

    public Coalescer<SharedResponse> coalescer() {
        return state.coalescer;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Claims the background revalidation of {@code key}: false while one runs already. */
    boolean startRevalidation(String key) {
        return state.revalidating.add(key);
    }

    void endRevalidation(String key) {
        state.revalidating.remove(key);
    }

    /**
     * Whether the responses for {@code key} recently could not be stored: its misses then neither
     * coalesce (they would only queue behind one another) nor hold back the client's preconditions.
     */
    boolean knownUnshareable(String key, long now) {
        Long until = state.unshareableUntil.get(key);
        if (until == null) {
            return false;
        }
        if (until > now) {
            return true;
        }
        state.unshareableUntil.remove(key, until);
        return false;
    }

    void markUnshareable(String key, long now) {
        if (state.unshareableUntil.size() >= MAX_UNSHAREABLE_KEYS) {
            state.unshareableUntil.clear(); // a crude bound; forgetting only costs some coalescing
        }
        state.unshareableUntil.put(key, now + UNSHAREABLE_MILLIS);
    }

    /** Background revalidations running now. */
    public int revalidating() {
        return state.revalidating.size();
    }

    /** Looks up a key; a failing or slow store counts as a miss. Never completes exceptionally. */
    CompletableFuture<Optional<CachedResponse>> get(String key) {
        CompletableFuture<Optional<CachedResponse>> result = new CompletableFuture<>();
        try {
            store.get(key).whenComplete((found, failure) -> {
                if (failure != null) {
                    storeFailed("get", failure);
                }
                result.complete(failure != null || found == null ? Optional.empty() : found);
            });
        } catch (RuntimeException e) {
            storeFailed("get", e);
            result.complete(Optional.empty());
        }
        if (!result.isDone()) {
            result.completeOnTimeout(Optional.empty(), LOOKUP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        return result;
    }

    /** Stores an entry; completes when the store is done, never exceptionally. */
    CompletableFuture<Void> put(String key, CachedResponse response) {
        return quietly("put", () -> store.put(key, response));
    }

    CompletableFuture<Void> remove(String key) {
        return quietly("remove", () -> store.remove(key));
    }

    /**
     * Stores a response as planned: a response with Vary under its variant key, then the marker
     * that leads to it when the plan has a new one.
     */
    CompletableFuture<Void> store(StorePlan plan, CachedResponse response) {
        state.counters.stores.increment();
        CompletableFuture<Void> stored = put(plan.key(), response);
        return plan.marker() == null ? stored : stored.thenCompose(ignored -> put(plan.primaryKey(), plan.marker()));
    }

    /**
     * Invalidates the stored responses of one URL (RFC 9111 section 4.4): its primary entry (a
     * marker's variants become unreachable with it) and, where keys have extra parts, every entry
     * of the URL.
     */
    CompletableFuture<Void> invalidate(String url) {
        String exact = CacheKey.routePrefix(route) + url;
        if (spec.keyParts().isEmpty()) {
            return remove(exact);
        }
        return quietly("purge", () -> store.purge(exact + ' ').thenApply(count -> null));
    }

    /**
     * Purges every entry of this route whose URL starts with {@code urlPrefix}, normalized as
     * keys are (lower-case scheme and host, no default port: {@link CacheKey#urlPrefix}).
     */
    public CompletionStage<Long> purge(String urlPrefix) {
        try {
            return store.purge(CacheKey.routePrefix(route) + (urlPrefix == null ? "" : CacheKey.urlPrefix(urlPrefix)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> quietly(String operation, java.util.function.Supplier<CompletionStage<?>> call) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            call.get().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    storeFailed(operation, failure);
                }
                result.complete(null);
            });
        } catch (RuntimeException e) {
            storeFailed(operation, e);
            result.complete(null);
        }
        return result;
    }

    private void storeFailed(String operation, Throwable failure) {
        long count = STORE_FAILURES.incrementAndGet();
        // The first failure and then every 1000th: a broken store must not flood the log.
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("Cache store '{}' ({}) failed a {} for route '{}' ({} store failures so far); the request "
                    + "went on uncached", spec.store(), provider, operation, route, count, failure);
        }
    }

    /** What a route's cache keeps across snapshots: counters, flights and background revalidations. */
    public static final class State {
        final CacheCounters counters = new CacheCounters();
        final Coalescer<SharedResponse> coalescer = new Coalescer<>();
        final Set<String> revalidating = ConcurrentHashMap.newKeySet();
        final java.util.Map<String, Long> unshareableUntil = new ConcurrentHashMap<>();
    }
}
