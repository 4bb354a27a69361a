package io.caracal.console.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.caracal.api.admin.CacheInfo;
import io.caracal.api.admin.ClusterInfo;
import io.caracal.api.admin.FilterInfo;
import io.caracal.api.admin.LatencyHistogram;
import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ProxyStatus;
import io.caracal.api.admin.RouteInfo;
import io.caracal.api.admin.TrafficStats;
import io.caracal.api.admin.UpstreamInfo;
import io.caracal.api.cache.CacheStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caracal's metrics, read from the core's and the listeners' snapshots at scrape time: the proxy
 * keeps the counters, this only translates them, so a scrape costs nothing on the request path.
 * Counter names are given without {@code _total}; the text writer appends it.
 */
final class ProxyMetricsCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyMetricsCollector.class);

    static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final AdminSource source;

    ProxyMetricsCollector(AdminSource source) {
        this.source = source;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> metrics = new ArrayList<>();
        ProxyStatus proxy = source.proxy();
        metrics.add(gauge("caracal_core_available", "1 while the routing core is there, else 0 (and no route, "
                + "cluster or upstream series)").add(Labels.EMPTY, proxy == null ? 0 : 1).build());
        listeners(source.listeners(), metrics);
        if (proxy != null) {
            routes(proxy.routes(), metrics);
            clusters(proxy.clusters(), metrics);
            caches(proxy.caches(), metrics);
            metrics.add(gauge("caracal_config_warnings", "Problems an operator should see now: missing plugins, "
                    + "fallbacks, rejected configurations").add(Labels.EMPTY, proxy.warnings().size()).build());
        }
        return new MetricSnapshots(metrics);
    }

    private static void listeners(List<ListenerInfo> listeners, List<MetricSnapshot> metrics) {
        Series open = gauge("caracal_listener_connections", "Open client connections of a listener");
        Series accepted = counter("caracal_listener_connections_accepted",
                "Connections a listener accepted since it opened");
        for (ListenerInfo listener : listeners) {
            Labels labels = Labels.of("listener", listener.name());
            open.add(labels, listener.connections());
            accepted.add(labels, listener.acceptedConnections());
        }
        metrics.add(open.build());
        metrics.add(accepted.build());
    }

    private static void routes(List<RouteInfo> routes, List<MetricSnapshot> metrics) {
        Series requests = counter("caracal_route_requests", "Requests a route answered, by status class "
                + "(including those its filters refused)");
        Histogram duration = new Histogram("caracal_route_request_duration_seconds",
                "Time a route took to answer, in seconds");
        Series filters = counter("caracal_filter_requests", "Requests a route's filter let through (passed), "
                + "refused (rejected: e.g. WAF or rate-limit blocks) or threw on (failed)");
        for (RouteInfo route : routes) {
            byStatusClass(requests, Labels.of("route", route.name()), route.traffic());
            if (route.traffic() != null) {
                duration.add(Labels.of("route", route.name()), route.traffic().latency());
            }
            for (FilterInfo filter : route.filters()) {
                Labels labels = Labels.of("route", route.name(), "filter", filter.name(), "type", text(filter.type()));
                filters.add(labels.add("outcome", "passed"), filter.passed());
                filters.add(labels.add("outcome", "rejected"), filter.rejected());
                filters.add(labels.add("outcome", "failed"), filter.failed());
            }
        }
        metrics.add(requests.build());
        metrics.add(duration.build());
        metrics.add(filters.build());
    }

    private static void clusters(List<ClusterInfo> clusters, List<MetricSnapshot> metrics) {
        Series clusterRequests = counter("caracal_cluster_requests", "Requests a cluster answered, by status "
                + "class (each counted once, however many upstreams it tried)");
        Series upstreamRequests = counter("caracal_upstream_requests", "Attempts sent to an upstream, by "
                + "status class");
        Series failures = counter("caracal_upstream_failures", "Attempts that failed at an upstream: 5xx "
                + "answers, connection errors and timeouts");
        Series healthy = gauge("caracal_upstream_healthy", "1 while the upstream gets traffic by health, 0 while "
                + "health checks or outlier detection keep it out");
        Series drained = gauge("caracal_upstream_drained", "1 while the upstream takes no new requests "
                + "(drained by configuration or by an operator)");
        Series inFlight = gauge("caracal_upstream_in_flight", "Requests in flight to the upstream now");
        Series latency = gauge("caracal_upstream_latency_seconds", "The upstream's recent response-time "
                + "average (peak EWMA), in seconds");
        for (ClusterInfo cluster : clusters) {
            byStatusClass(clusterRequests, Labels.of("cluster", cluster.name()), cluster.traffic());
            for (UpstreamInfo upstream : cluster.upstreams()) {
                Labels labels = Labels.of("cluster", cluster.name(), "upstream", upstream.id());
                byStatusClass(upstreamRequests, labels, upstream.traffic());
                failures.add(labels, upstream.traffic() == null ? 0 : upstream.traffic().failures());
                healthy.add(labels, upstream.healthy() ? 1 : 0);
                drained.add(labels, upstream.drained() ? 1 : 0);
                inFlight.add(labels, upstream.inFlight());
                latency.add(labels, upstream.latencyMillis() / 1000.0);
            }
        }
        for (Series series : List.of(clusterRequests, upstreamRequests, failures, healthy, drained, inFlight, latency)) {
            metrics.add(series.build());
        }
    }

    private static void caches(List<CacheInfo> caches, List<MetricSnapshot> metrics) {
        Series requests = counter("caracal_cache_requests", "Requests of a caching route answered from the "
                + "cache (result hit) or sent to the upstream for want of a usable entry (result miss)");
        Series revalidations = counter("caracal_cache_revalidations", "Conditional requests a caching route "
                + "sent to refresh a stale entry");
        Series stores = counter("caracal_cache_stores", "Responses a caching route stored");
        Series served = counter("caracal_cache_served_bytes", "Body bytes a caching route answered from the cache");
        Series available = gauge("caracal_cache_store_available", "1 while the cache store is installed, 0 while "
                + "it is missing (its routes then go uncached)");
        Series entries = gauge("caracal_cache_entries", "Entries a cache store holds now");
        Series bytes = gauge("caracal_cache_bytes", "Bytes a cache store holds now");
        Series maxBytes = gauge("caracal_cache_max_bytes", "The configured bound of a cache store, in bytes");
        Series evictions = counter("caracal_cache_evictions", "Entries a cache store removed to stay within "
                + "its bound");
        for (CacheInfo cache : caches) {
            Labels store = Labels.of("store", text(cache.name()));
            available.add(store, cache.available() ? 1 : 0);
            CacheStats stats = cache.stats();
            if (stats != null) {
                entries.add(store, stats.entries());
                bytes.add(store, stats.bytes());
                maxBytes.add(store, stats.maxBytes());
                evictions.add(store, stats.evictions());
            }
            for (CacheInfo.RouteCacheStats route : cache.routes()) {
                Labels labels = Labels.of("route", text(route.route()));
                requests.add(labels.add("result", "hit"), route.hits());
                requests.add(labels.add("result", "miss"), route.misses());
                revalidations.add(labels, route.revalidations());
                stores.add(labels, route.stores());
                served.add(labels, route.bytesServed());
            }
        }
        for (Series series : List.of(requests, revalidations, stores, served, available, entries, bytes, maxBytes,
                evictions)) {
            metrics.add(series.build());
        }
    }

    private static void byStatusClass(Series series, Labels labels, TrafficStats traffic) {
        for (int i = 0; i < STATUS_CLASSES.length; i++) {
            long count = traffic == null ? 0 : traffic.byStatusClass().get(i);
            series.add(labels.add("status_class", STATUS_CLASSES[i]), count);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static Series counter(String name, String help) {
        return new Series(name, help, true);
    }

    private static Series gauge(String name, String help) {
        return new Series(name, help, false);
    }

    /**
     * One counter or gauge being filled. A label set seen twice (two routes of one name, say) keeps
     * its first value: the client refuses duplicates, and one odd series must not fail the scrape.
     */
    private static final class Series {
        private final String name;
        private final String help;
        private final boolean counter;
        private final Set<Labels> seen = new HashSet<>();
        private final List<CounterDataPointSnapshot> counters = new ArrayList<>();
        private final List<GaugeDataPointSnapshot> gauges = new ArrayList<>();

        Series(String name, String help, boolean counter) {
            this.name = name;
            this.help = help;
            this.counter = counter;
        }

        Series add(Labels labels, double value) {
            if (!seen.add(labels)) {
                return this;
            }
            if (counter) {
                counters.add(CounterDataPointSnapshot.builder().labels(labels).value(Math.max(0, value)).build());
            } else {
                gauges.add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
            }
            return this;
        }

        MetricSnapshot build() {
            if (counter) {
                CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
                counters.forEach(builder::dataPoint);
                return builder.build();
            }
            GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
            gauges.forEach(builder::dataPoint);
            return builder.build();
        }
    }

    /** A classic histogram from the core's cumulative counts (the client wants them per bucket). */
    private static final class Histogram {
        private final HistogramSnapshot.Builder builder;
        private final Set<Labels> seen = new HashSet<>();

        Histogram(String name, String help) {
            this.builder = HistogramSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels, LatencyHistogram histogram) {
            if (histogram == null || !seen.add(labels)) {
                return;
            }
            List<Double> bounds = new ArrayList<>(histogram.upperBoundsSeconds());
            bounds.add(Double.POSITIVE_INFINITY);
            List<Long> cumulative = histogram.cumulativeCounts();
            List<Long> perBucket = new ArrayList<>(cumulative.size());
            long previous = 0;
            for (long count : cumulative) {
                perBucket.add(Math.max(0, count - previous));
                previous = Math.max(previous, count);
            }
            try {
                builder.dataPoint(HistogramDataPointSnapshot.builder().labels(labels)
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, perBucket))
                        .sum(histogram.sumSeconds()).build());
            } catch (IllegalArgumentException e) {
                // Bounds not ascending (or +Inf given explicitly): leave this series out, keep the scrape.
                LOG.debug("Latency histogram of {} skipped: {}", labels, e.getMessage());
            }
        }

        MetricSnapshot build() {
            return builder.build();
        }
    }
}
