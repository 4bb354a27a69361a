package io.caracal.api.cache;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Storage for cached responses, registered as an OSGi service with the service property
 * {@value #NAME_PROPERTY}. The core decides what may be cached and for how long (HTTP semantics);
 * a store only keeps entries within its bounds. Stores may evict any entry at any time.
 *
 * <p>Methods may complete asynchronously (a disk store does) and must never block the caller on
 * I/O. They must be thread-safe.
 */
@ConsumerType
public interface CacheStore {

    /** The service property that names a store. */
    String NAME_PROPERTY = "caracal.cache.store";

    /** Looks up an entry; completes with empty when absent. */
    CompletionStage<Optional<CachedResponse>> get(String key);

    /** Stores or replaces an entry. Completes once the entry is readable by {@link #get}. */
    CompletionStage<Void> put(String key, CachedResponse response);

    /** Removes one entry if present. */
    CompletionStage<Void> remove(String key);

    /** Removes every entry whose key starts with {@code prefix} ({@code ""} for all); completes with the count. */
    CompletionStage<Long> purge(String prefix);

    /** Current counters of this store. */
    CacheStats stats();
}
