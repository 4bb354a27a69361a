package io.caracal.cache.memory.internal;

import java.util.Map;
import java.util.function.BiConsumer;

import io.caracal.api.cache.CacheStore;
import io.caracal.api.config.ConfigException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one memory store in step with its configuration, free of OSGi so tests can drive it. A
 * valid configuration is published under its name. A bad one is logged with file and key; the last
 * good version keeps serving, and with none, nothing is published (routes that use the store go
 * uncached). A change of {@code max.bytes} keeps the entries (a smaller bound evicts down to it);
 * a change of name starts an empty store under the new name.
 */
final class MemoryStoreKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryStoreKeeper.class);

    private final BiConsumer<String, CacheStore> publish;
    private final Runnable withdraw;

    private MemoryCacheStore store;
    private String publishedName;

    /**
     * @param publish where the store is published: makes it available under a name, replacing an
     *     earlier publication
     * @param withdraw withdraws what was published
     */
    MemoryStoreKeeper(BiConsumer<String, CacheStore> publish, Runnable withdraw) {
        this.publish = publish;
        this.withdraw = withdraw;
    }

    synchronized void configure(Map<String, ?> properties) {
        MemoryStoreSettings next;
        try {
            next = MemoryStoreSettings.parse(properties);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; {}", e.getMessage(), publishedName == null
                    ? "the cache store is not registered, so routes that use it go uncached"
                    : "memory cache store '" + publishedName + "' keeps its last good configuration");
            return;
        }
        if (store != null && next.name().equals(publishedName)) {
            long before = store.maxBytes();
            store.resize(next.maxBytes());
            if (before != next.maxBytes()) {
                LOG.info("Memory cache store '{}' resized: max {} bytes (was {})", publishedName, next.maxBytes(), before);
            }
            return;
        }
        store = new MemoryCacheStore(next.maxBytes());
        publish.accept(next.name(), store);
        publishedName = next.name();
        LOG.info("Memory cache store '{}' registered: max {} bytes", publishedName, next.maxBytes());
    }

    synchronized void close() {
        if (publishedName != null) {
            withdraw.run();
            LOG.info("Memory cache store '{}' removed", publishedName);
        }
        store = null;
        publishedName = null;
    }

    /** The store in use, for tests. */
    synchronized MemoryCacheStore store() {
        return store;
    }
}
