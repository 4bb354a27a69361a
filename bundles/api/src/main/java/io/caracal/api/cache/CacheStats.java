package io.caracal.api.cache;

/**
 * Counters of one cache store.
 *
 * @param entries entries held now
 * @param bytes bytes held now, by {@link CachedResponse#weight()}
 * @param maxBytes the configured bound
 * @param hits lookups that found an entry
 * @param misses lookups that found none
 * @param evictions entries removed to stay within the bound
 */
public record CacheStats(long entries, long bytes, long maxBytes, long hits, long misses, long evictions) {
}
