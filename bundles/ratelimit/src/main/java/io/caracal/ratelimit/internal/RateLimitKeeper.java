package io.caracal.ratelimit.internal;

import java.util.Map;
import java.util.function.BiConsumer;

import io.caracal.api.config.ConfigException;
import io.caracal.api.filter.RequestFilter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one rate limit filter in step with its configuration, free of OSGi so tests can drive it.
 * A valid configuration is published under its name. A bad one is logged with file and key; the
 * last good version keeps serving, as everywhere in Caracal, and with none, nothing is published,
 * so routes that list the filter answer 503 (fail closed) rather than go unlimited.
 * The buckets survive a change that keeps the limits, the key and the table size.
 */
final class RateLimitKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitKeeper.class);

    private final BiConsumer<String, RequestFilter> publish;
    private final Runnable withdraw;
    private final NanoClock clock;

    private RateLimitSettings settings;
    private BucketTable buckets;
    private SwitchableFilter published;
    private String publishedName;

    /**
     * @param publish where the filter is published: makes it available under a name, replacing an
     *     earlier publication
     * @param withdraw withdraws what was published
     */
    RateLimitKeeper(BiConsumer<String, RequestFilter> publish, Runnable withdraw, NanoClock clock) {
        this.publish = publish;
        this.withdraw = withdraw;
        this.clock = clock;
    }

    synchronized void configure(Map<String, ?> properties) {
        RateLimitSettings next;
        try {
            next = RateLimitSettings.parse(properties);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; {}", e.getMessage(), publishedName == null
                    ? "the rate limit filter is not registered, so routes that list it answer 503"
                    : "rate limit filter '" + publishedName + "' keeps its last good configuration");
            return;
        }
        if (buckets == null || !next.sameBuckets(settings)) {
            buckets = new BucketTable(next.limits(), next.maxKeys(), clock);
        }
        settings = next;
        RateLimitFilter filter = new RateLimitFilter(next.key(), buckets, next.headers());
        if (published != null && next.name().equals(publishedName)) {
            published.switchTo(filter);
            LOG.info("Rate limit filter '{}' updated: {}", publishedName, filter);
            return;
        }
        published = new SwitchableFilter(filter);
        publish.accept(next.name(), published);
        publishedName = next.name();
        LOG.info("Rate limit filter '{}' registered: {}", publishedName, filter);
    }

    synchronized void close() {
        if (publishedName != null) {
            withdraw.run();
            LOG.info("Rate limit filter '{}' removed", publishedName);
        }
        published = null;
        publishedName = null;
        buckets = null;
        settings = null;
    }

    /** The buckets in use, for tests. */
    synchronized BucketTable buckets() {
        return buckets;
    }
}
