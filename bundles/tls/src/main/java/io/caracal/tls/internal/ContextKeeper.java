package io.caracal.tls.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.caracal.api.config.ConfigException;
import io.caracal.api.tls.TlsContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one TLS context loaded from its configuration and files, free of OSGi so tests can drive
 * it: a valid configuration with good files is published; a bad configuration or file is logged
 * with the configuration file and key, and the last good context keeps serving (or none is
 * published, when there never was one). Files are polled on this keeper's own thread; a change
 * builds a new SSLContext for new connections.
 */
final class ContextKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(ContextKeeper.class);

    private final String id;
    private final Path home;
    private final BiConsumer<String, TlsContext> publish;
    private final Runnable withdraw;

    private TlsContextSpec spec;
    private boolean specLoaded;
    private ManagedTlsContext service;
    private String publishedName;
    private FileWatcher watcher;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> polling;
    private boolean closed;

    /**
     * @param id names the polling thread (the configuration PID)
     * @param home the installation directory relative paths resolve against
     * @param publish where the keeper publishes its context: makes it available under a name,
     *     replacing an earlier publication
     * @param withdraw withdraws what was published
     */
    ContextKeeper(String id, Path home, BiConsumer<String, TlsContext> publish, Runnable withdraw) {
        this.id = id;
        this.home = home;
        this.publish = publish;
        this.withdraw = withdraw;
    }

    synchronized void configure(Map<String, ?> properties) {
        TlsContextSpec next;
        try {
            next = TlsContextSpec.parse(properties, home);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; {}", e.getMessage(), fallback());
            return;
        }
        if (specLoaded && next.sameSettings(spec)) {
            return; // e.g. only the file's timestamp changed
        }
        next.warnings().forEach(warning -> LOG.warn("{}: {}", next.source(), warning));
        spec = next;
        specLoaded = false;
        watch(next);
        load(false);
    }

    synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (publishedName != null) {
            withdraw.run();
            LOG.info("TLS context '{}' removed", publishedName);
            publishedName = null;
        }
    }

    private void watch(TlsContextSpec watched) {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        watcher = new FileWatcher(watched.watchedFiles());
        long interval = watched.reloadIntervalMillis();
        if (interval == 0 && scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (interval > 0) {
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "caracal-tls-" + id);
                    thread.setDaemon(true);
                    return thread;
                });
            }
            polling = scheduler.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void poll() {
        if (closed) {
            return;
        }
        try {
            List<Path> changed = watcher.changed();
            if (!changed.isEmpty()) {
                LOG.info("TLS context '{}': {} changed, reloading", spec.name(), changed);
                load(true);
            }
        } catch (RuntimeException | LinkageError e) {
            // Never let an exception end the scheduled polling.
            LOG.error("TLS context '{}' ({}): reload failed: {}; {}", spec.name(), spec.source(), e, fallback());
        }
    }

    private void load(boolean reload) {
        TlsContextSpec current = spec;
        LoadedContext loaded;
        try {
            generateSelfSigned(current);
            loaded = LoadedContext.load(current, Instant.now());
        } catch (ConfigException e) {
            LOG.error("Rejected {}; {}", e.getMessage(), fallback());
            return;
        } catch (RuntimeException e) {
            LOG.error("Rejected {}: {}; {}", current.source(), e.getMessage(), fallback());
            return;
        }
        specLoaded = true;
        if (service == null) {
            service = new ManagedTlsContext(loaded);
        } else {
            service.swap(loaded);
        }
        if (!current.name().equals(publishedName)) {
            publish.accept(current.name(), service);
            publishedName = current.name();
        }
        loaded.material().warnings().forEach(warning -> LOG.warn("TLS context '{}' ({}): {}", current.name(), current.source(), warning));
        LOG.info("TLS context '{}' {} ({}): certificates {} (default {}); protocols {}; client certificates {}{}",
                current.name(), reload ? "reloaded for new connections" : "ready", current.source(),
                loaded.material().credentials(), loaded.material().defaultCredential().alias(), loaded.protocols(),
                loaded.clientAuth().name().toLowerCase(Locale.ROOT),
                loaded.trustedCas() > 0 ? " (" + loaded.trustedCas() + " trusted CAs)" : "");
    }

    private void generateSelfSigned(TlsContextSpec current) {
        if (!current.selfSigned()) {
            return;
        }
        CertificatePair pair = current.certificates().get(0);
        try {
            if (SelfSignedCertificate.writeIfMissing(pair.certificate(), pair.key())) {
                watcher.rebase();
                LOG.info("TLS context '{}': generated a self-signed certificate for {} in {} (key {}); "
                        + "replace both files with your own certificate and key", current.name(),
                        SelfSignedCertificate.COMMON_NAME, pair.certificate(), pair.key());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(current.source(), "certificates", "cannot write a self-signed certificate to "
                    + pair + ": " + e);
        }
    }

    /** What keeps serving after a rejection, for the log. */
    private String fallback() {
        if (publishedName != null) {
            return "the last good TLS context '" + publishedName + "' keeps serving";
        }
        return "the TLS context is not registered" + (polling != null ? "; it is retried when its files change" : "");
    }
}
