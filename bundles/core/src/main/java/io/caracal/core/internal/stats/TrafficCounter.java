package io.caracal.core.internal.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.caracal.api.admin.TrafficStats;

/**
 * Requests of one route, cluster or upstream: answers by status class, failures and latency.
 * Lock-free and allocation-free on the request path; the owner keeps it across configuration
 * snapshots for as long as the thing it counts exists.
 */
public final class TrafficCounter {

    private final LongAdder[] byStatusClass = new LongAdder[5];
    private final LongAdder failures = new LongAdder();
    /** Every request is observed here, so its count is also the request count. */
    private final LatencyRecorder latency = new LatencyRecorder();

    public TrafficCounter() {
        for (int i = 0; i < byStatusClass.length; i++) {
            byStatusClass[i] = new LongAdder();
        }
    }

    /**
     * Counts one finished request.
     *
     * @param status the status answered, or 0 when none was
     * @param connectionError whether it ended in a connection error or a timeout rather than an
     *        answer (a 5xx status is a failure anyway)
     * @param nanos how long it took
     */
    public void record(int status, boolean connectionError, long nanos) {
        int statusClass = status / 100 - 1;
        if (statusClass >= 0 && statusClass < byStatusClass.length) {
            byStatusClass[statusClass].increment();
        }
        if (connectionError || status >= 500) {
            failures.increment();
        }
        latency.record(nanos);
    }

    public TrafficStats snapshot() {
        List<Long> classes = new ArrayList<>(byStatusClass.length);
        for (LongAdder counter : byStatusClass) {
            classes.add(counter.sum());
        }
        var histogram = latency.snapshot();
        return new TrafficStats(histogram.count(), classes, failures.sum(), histogram);
    }
}
