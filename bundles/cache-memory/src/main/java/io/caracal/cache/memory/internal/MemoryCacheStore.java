package io.caracal.cache.memory.internal;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.caracal.api.cache.CacheStats;
import io.caracal.api.cache.CacheStore;
import io.caracal.api.cache.CachedResponse;

/**
 * Cached responses in a Caffeine cache bounded by {@link CachedResponse#weight()}. Every operation
 * is done on the caller's thread, in memory, and returns an already completed stage.
 *
 * <p>Prefix purges use a sorted set of the keys beside the cache: the keys with one prefix are a
 * contiguous range of it, so a purge costs what it removes (log n each), not a scan of every key.
 * The set, like the byte and entry counts, only changes inside Caffeine's atomic per-key
 * operations (our {@code compute} calls, and the eviction listener, which Caffeine runs inside the
 * eviction's own atomic removal), so it never disagrees with the cache for long enough to matter:
 * a key is in the set exactly while its entry is in the cache.
 */
final class MemoryCacheStore implements CacheStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);
    private static final CompletionStage<Optional<CachedResponse>> MISS = CompletableFuture.completedStage(Optional.empty());

    private final Cache<String, CachedResponse> cache;
    private final Policy.Eviction<String, CachedResponse> eviction;
    private final ConcurrentSkipListSet<String> keys = new ConcurrentSkipListSet<>();
    private final LongAdder entries = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile long maxBytes;

    MemoryCacheStore(long maxBytes) {
        this.maxBytes = maxBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CachedResponse response) -> weightOf(response))
                .evictionListener(this::evicted)
                .recordStats()
                .build();
        this.eviction = cache.policy().eviction().orElseThrow();
    }

    @Override
    public CompletionStage<Optional<CachedResponse>> get(String key) {
        CachedResponse stored = cache.getIfPresent(Objects.requireNonNull(key, "key"));
        return stored == null ? MISS : CompletableFuture.completedStage(Optional.of(view(stored)));
    }

    @Override
    public CompletionStage<Void> put(String key, CachedResponse response) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
        if (response.weight() > maxBytes) {
            // Caffeine would evict it at once anyway. Drop the earlier entry all the same: after a
            // put, get must not answer a response older than the one just offered.
            remove(key);
            return DONE;
        }
        CachedResponse stored = ownCopy(response);
        cache.asMap().compute(key, (k, previous) -> {
            if (previous == null) {
                keys.add(k);
                entries.increment();
            } else {
                bytes.add(-weightOf(previous));
            }
            bytes.add(weightOf(stored));
            return stored;
        });
        return DONE;
    }

    @Override
    public CompletionStage<Void> remove(String key) {
        removeKey(Objects.requireNonNull(key, "key"));
        return DONE;
    }

    @Override
    public CompletionStage<Long> purge(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long removed = 0;
        // The keys starting with prefix are the range [prefix, first key that does not match).
        for (String key : keys.tailSet(prefix, true)) {
            if (!key.startsWith(prefix)) {
                break;
            }
            if (removeKey(key)) {
                removed++;
            }
        }
        return CompletableFuture.completedStage(removed);
    }

    @Override
    public CacheStats stats() {
        com.github.benmanes.caffeine.cache.stats.CacheStats counted = cache.stats();
        return new CacheStats(entries.sum(), bytes.sum(), maxBytes, counted.hitCount(), counted.missCount(),
                counted.evictionCount());
    }

    /** Changes the bound; a smaller one evicts down to it now. Entries are kept. */
    void resize(long newMaxBytes) {
        if (newMaxBytes != maxBytes) {
            maxBytes = newMaxBytes;
            eviction.setMaximum(newMaxBytes);
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Runs Caffeine's pending maintenance (evictions) now; for tests. */
    void cleanUp() {
        cache.cleanUp();
    }

    /** The weight Caffeine bounds, for tests: must agree with {@link CacheStats#bytes()}. */
    long weightedSize() {
        return eviction.weightedSize().orElse(-1);
    }

    private boolean removeKey(String key) {
        boolean[] removed = new boolean[1];
        cache.asMap().compute(key, (k, previous) -> {
            if (previous != null) {
                forget(k, previous);
                removed[0] = true;
            }
            return null;
        });
        return removed[0];
    }

    /** Called by Caffeine inside the atomic removal of an evicted entry. */
    private void evicted(String key, CachedResponse response, RemovalCause cause) {
        if (key != null && response != null) {
            forget(key, response);
        }
    }

    private void forget(String key, CachedResponse response) {
        keys.remove(key);
        entries.decrement();
        bytes.add(-weightOf(response));
    }

    private static int weightOf(CachedResponse response) {
        return (int) Math.min(Integer.MAX_VALUE, response.weight());
    }

    /**
     * The store keeps its own exact-size heap copy of the body: the caller's buffer may be a slice
     * of a larger (or pooled, or direct) one, which must not be retained or counted short.
     */
    private static CachedResponse ownCopy(CachedResponse response) {
        ByteBuffer body = response.body().duplicate();
        ByteBuffer copy = ByteBuffer.allocate(body.remaining());
        copy.put(body).flip();
        return new CachedResponse(response.status(), response.headers(), copy, response.requestTimeMillis(),
                response.responseTimeMillis());
    }

    /**
     * Each reader gets its own view of the body (the record's constructor makes a fresh read-only
     * buffer), so one reader advancing its position never moves another's. The bytes are shared.
     */
    private static CachedResponse view(CachedResponse stored) {
        return new CachedResponse(stored.status(), stored.headers(), stored.body(), stored.requestTimeMillis(),
                stored.responseTimeMillis());
    }
}
