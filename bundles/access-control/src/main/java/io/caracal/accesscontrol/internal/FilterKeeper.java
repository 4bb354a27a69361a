package io.caracal.accesscontrol.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.caracal.api.config.ConfigException;
import io.caracal.api.filter.RequestFilter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one filter in step with its configuration and the files it reads, free of OSGi so tests
 * can drive it. A valid configuration is published under its name. An invalid one (or a file that
 * no longer loads) is logged with file and key, and the last good version keeps serving, as
 * everywhere in Caracal (nginx and Envoy keep the old configuration on a bad reload too); with no
 * good version, nothing is published, so routes that list the filter fail closed (503) instead of
 * running without it. Files are polled on this keeper's own thread, never on a request thread.
 */
final class FilterKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(FilterKeeper.class);

    static final String RELOAD_INTERVAL = "reload.interval.ms";
    static final long DEFAULT_RELOAD_INTERVAL_MS = 2000;

    /** Makes a filter from its configuration; throws ConfigException naming the file and key. */
    @FunctionalInterface
    interface Factory {
        BuiltFilter build(FilterSettings settings);
    }

    /** Where the filter is made available to routes. */
    interface Publisher {
        /** Publishes {@code filter} under {@code name}, replacing what was published before. */
        void publish(String name, String type, RequestFilter filter);

        void withdraw();
    }

    private final String type;
    private final String id;
    private final Factory factory;
    private final Path home;
    private final Publisher publisher;

    private Map<String, ?> properties;
    private String publishedName;
    private FileStamps stamps;
    private ScheduledExecutorService poller;
    private boolean closed;

    /**
     * @param type the filter type, e.g. {@code ip-access}
     * @param id names the polling thread (the configuration PID)
     * @param home the installation directory relative paths resolve against
     */
    FilterKeeper(String type, String id, Factory factory, Path home, Publisher publisher) {
        this.type = type;
        this.id = id;
        this.factory = factory;
        this.home = home;
        this.publisher = publisher;
    }

    synchronized void configure(Map<String, ?> newProperties) {
        if (closed) {
            return;
        }
        properties = new HashMap<>(newProperties);
        stopPolling();
        FilterSettings settings = load("configured");
        long interval;
        try {
            interval = reloadInterval(settings);
        } catch (ConfigException e) {
            interval = 0; // rejected and logged by load already
        }
        if (interval > 0 && !settings.files().isEmpty()) {
            // Files are watched even when they failed to load, so fixing them brings the filter back.
            stamps = new FileStamps(settings.files());
            poller = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "caracal-filter-" + id);
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void close() {
        closed = true;
        stopPolling();
        if (publishedName != null) {
            publisher.withdraw();
            LOG.info("{} filter '{}' removed", type, publishedName);
            publishedName = null;
        }
    }

    /** The name the filter is published under, or null while it is not. */
    synchronized String publishedName() {
        return publishedName;
    }

    /** Polls once (the scheduler calls this; tests may too). */
    synchronized void poll() {
        if (closed || stamps == null) {
            return;
        }
        try {
            if (stamps.changed()) {
                load("reloaded");
            }
        } catch (RuntimeException | LinkageError e) {
            // Never let an exception end the polling.
            LOG.error("{} filter ({}): reload failed: {}", type, id, e.toString());
        }
    }

    private FilterSettings load(String verb) {
        FilterSettings settings = new FilterSettings(properties, home);
        BuiltFilter built;
        try {
            reloadInterval(settings);
            built = factory.build(settings);
        } catch (ConfigException e) {
            reject(e.getMessage());
            return settings;
        } catch (RuntimeException e) {
            reject(settings.config().source() + ": " + e);
            return settings;
        }
        built.warnings().forEach(warning -> LOG.warn("{}: {}", settings.config().source(), warning));
        publisher.publish(built.name(), type, built.filter());
        if (publishedName != null && !publishedName.equals(built.name())) {
            LOG.info("{} filter '{}' renamed to '{}'", type, publishedName, built.name());
        }
        publishedName = built.name();
        LOG.info("{} filter '{}' {} ({}): {}", type, built.name(), verb, settings.config().source(), built.summary());
        return settings;
    }

    private void reject(String message) {
        if (publishedName != null) {
            LOG.error("Rejected {}; the {} filter '{}' keeps its last good configuration", message, type, publishedName);
        } else {
            LOG.error("Rejected {}; the {} filter is not registered, so routes that list it answer 503", message, type);
        }
    }

    private static long reloadInterval(FilterSettings settings) {
        return settings.config().longValue(RELOAD_INTERVAL, DEFAULT_RELOAD_INTERVAL_MS, 0, 3_600_000);
    }

    private void stopPolling() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        stamps = null;
    }
}
