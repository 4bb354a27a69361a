package io.caracal.core.internal.proxy;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.caracal.api.cache.CacheStats;
import io.caracal.api.cache.CacheStore;
import io.caracal.api.cache.CachedResponse;

/**
 * A test double of the cache store SPI: a sorted map, completing every call at once. Tests can
 * make every entry older (as if time passed) and see which keys were written.
 */
final class MapCacheStore implements CacheStore {

    final NavigableMap<String, CachedResponse> entries = new ConcurrentSkipListMap<>();
    /** Keys as they are put, for tests that wait for a store. */
    final BlockingQueue<String> puts = new LinkedBlockingQueue<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    @Override
    public CompletionStage<Optional<CachedResponse>> get(String key) {
        CachedResponse found = entries.get(key);
        (found == null ? misses : hits).incrementAndGet();
        return CompletableFuture.completedFuture(Optional.ofNullable(found));
    }

    @Override
    public CompletionStage<Void> put(String key, CachedResponse response) {
        entries.put(key, response);
        puts.add(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(String key) {
        entries.remove(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> purge(String prefix) {
        long count = 0;
        for (String key : List.copyOf(entries.tailMap(prefix, true).keySet())) {
            if (!key.startsWith(prefix)) {
                break;
            }
            entries.remove(key);
            count++;
        }
        return CompletableFuture.completedFuture(count);
    }

    @Override
    public CacheStats stats() {
        long bytes = entries.values().stream().mapToLong(CachedResponse::weight).sum();
        return new CacheStats(entries.size(), bytes, 1 << 30, hits.get(), misses.get(), 0);
    }

    /** Makes every entry {@code seconds} older, as if that much time had passed since it was stored. */
    void age(long seconds) {
        long millis = seconds * 1000;
        entries.replaceAll((key, r) -> new CachedResponse(r.status(), r.headers(), r.body(),
                r.requestTimeMillis() - millis, r.responseTimeMillis() - millis));
    }

    /** Entries that are responses, not variant markers. */
    long responses() {
        return entries.values().stream().filter(r -> r.status() != 0).count();
    }
}
