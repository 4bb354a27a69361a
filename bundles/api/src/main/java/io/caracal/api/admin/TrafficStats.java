package io.caracal.api.admin;

import java.util.List;

/**
 * Counters since start. Rates (requests per second, error ratio) are the difference of two
 * snapshots over the time between them.
 *
 * @param requests requests answered; more than the sum of {@code byStatusClass} when some ended
 *        with no status (the connection broke first)
 * @param byStatusClass answers by status class: index 0 for 1xx through 4 for 5xx
 * @param failures answers that were the upstream's or the proxy's failure (5xx, and connection
 *        errors and timeouts); for an upstream, a client that goes away is not its failure
 * @param latency how long the answers took
 */
public record TrafficStats(long requests, List<Long> byStatusClass, long failures, LatencyHistogram latency) {

    public TrafficStats {
        byStatusClass = List.copyOf(byStatusClass);
        if (byStatusClass.size() != 5) {
            throw new IllegalArgumentException("five status classes, got " + byStatusClass.size());
        }
    }
}
