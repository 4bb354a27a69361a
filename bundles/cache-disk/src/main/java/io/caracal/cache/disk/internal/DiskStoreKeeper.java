package io.caracal.cache.disk.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

import io.caracal.api.cache.CacheStore;
import io.caracal.api.config.ConfigException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one disk store in step with its configuration, free of OSGi so tests can drive it.
 *
 * <p>A valid configuration opens its directory (the scan runs on the store's threads) and, once
 * that worked, publishes the store under its name. A bad configuration, a directory another store
 * uses, or one that cannot be opened is logged with file and key; the last good store keeps
 * serving meanwhile and afterwards, and with none, nothing is published (routes that use the store
 * go uncached). A change of only the bounds or the name keeps the store and its entries; a new
 * directory opens a new store, which replaces the old one when ready.
 */
final class DiskStoreKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(DiskStoreKeeper.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    /** A store, the settings it follows and its hold on its directory. */
    private static final class Slot {
        final DiskCacheStore store;
        final DirectoryClaims.Claim claim;
        DiskStoreSettings settings;
        CompletionStage<Void> ready = DONE;

        Slot(DiskCacheStore store, DirectoryClaims.Claim claim, DiskStoreSettings settings) {
            this.store = store;
            this.claim = claim;
            this.settings = settings;
        }
    }

    private final Path home;
    private final Path frameworkStorage;
    private final BiConsumer<String, CacheStore> publish;
    private final Runnable withdraw;
    private final DirectoryClaims claims;

    private Slot serving;
    private Slot opening;

    /**
     * @param home the installation directory relative paths resolve against
     * @param frameworkStorage the OSGi framework's storage, which no store may use, or null
     * @param publish where the store is published: makes it available under a name, replacing an
     *     earlier publication
     * @param withdraw withdraws what was published
     */
    DiskStoreKeeper(Path home, Path frameworkStorage, BiConsumer<String, CacheStore> publish, Runnable withdraw,
            DirectoryClaims claims) {
        this.home = home;
        this.frameworkStorage = frameworkStorage;
        this.publish = publish;
        this.withdraw = withdraw;
        this.claims = claims;
    }

    /** Applies a configuration; the stage completes when it has taken effect (for tests). */
    synchronized CompletionStage<Void> configure(Map<String, ?> properties) {
        DiskStoreSettings next;
        try {
            next = DiskStoreSettings.parse(properties, home, frameworkStorage);
        } catch (ConfigException e) {
            reject(e.getMessage());
            return DONE;
        }
        if (opening != null && opening.settings.directory().equals(next.directory())) {
            opening.settings = next;
            opening.store.rename(next.name());
            opening.store.resize(next.maxBytes(), next.maxEntryBytes());
            return opening.ready;
        }
        if (serving != null && serving.settings.directory().equals(next.directory())) {
            if (opening != null) {
                shut(opening);
                opening = null;
            }
            return update(serving, next);
        }
        DirectoryClaims.Claim claim;
        try {
            claim = claims.claim(next.directory(), next.name());
        } catch (IllegalStateException e) {
            reject(new ConfigException(next.source(), "path", e.getMessage()).getMessage());
            return DONE;
        }
        if (opening != null) {
            shut(opening);
        }
        Slot slot = new Slot(new DiskCacheStore(next.name(), next.directory(), next.maxBytes(), next.maxEntryBytes()),
                claim, next);
        opening = slot;
        slot.ready = slot.store.open(claim.previousReleased()).handle((ignored, error) -> {
            opened(slot, error);
            return null;
        });
        return slot.ready;
    }

    synchronized void close() {
        if (opening != null) {
            shut(opening);
            opening = null;
        }
        if (serving != null) {
            withdraw.run();
            LOG.info("Disk cache store '{}' removed", serving.settings.name());
            shut(serving);
            serving = null;
        }
    }

    /** The store published now, for tests. */
    synchronized DiskCacheStore store() {
        return serving == null ? null : serving.store;
    }

    private CompletionStage<Void> update(Slot slot, DiskStoreSettings next) {
        String before = slot.settings.name();
        slot.settings = next;
        slot.store.rename(next.name());
        if (!before.equals(next.name())) {
            publish.accept(next.name(), slot.store);
            LOG.info("Disk cache store '{}' renamed '{}'", before, next.name());
        }
        LOG.info("Disk cache store '{}': max {} bytes, max entry {} bytes", next.name(), next.maxBytes(), next.maxEntryBytes());
        return slot.store.resize(next.maxBytes(), next.maxEntryBytes());
    }

    private synchronized void opened(Slot slot, Throwable error) {
        if (opening != slot) {
            return; // replaced or closed meanwhile, and shut then
        }
        opening = null;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            reject(new ConfigException(slot.settings.source(), "path",
                    "cannot use directory " + slot.settings.directory() + ": " + cause).getMessage());
            shut(slot);
            return;
        }
        Slot previous = serving;
        serving = slot;
        publish.accept(slot.settings.name(), slot.store);
        if (previous != null) {
            shut(previous);
        }
        LOG.info("Disk cache store '{}' registered: {}, max {} bytes, max entry {} bytes", slot.settings.name(),
                slot.settings.directory(), slot.settings.maxBytes(), slot.settings.maxEntryBytes());
    }

    private void reject(String message) {
        LOG.error("Rejected {}; {}", message, serving == null
                ? "the cache store is not registered, so routes that use it go uncached"
                : "disk cache store '" + serving.settings.name() + "' keeps its last good configuration");
    }

    /** Closes a store; its directory is free once its last write is done. */
    private static void shut(Slot slot) {
        slot.claim.release(slot.store.close());
    }
}
