package io.caracal.api.admin;

import java.util.List;

/**
 * A latency histogram in the Prometheus shape: cumulative counts per upper bound.
 *
 * @param upperBoundsSeconds bucket upper bounds in seconds, ascending (the last bucket, +Inf, is implied)
 * @param cumulativeCounts for each bound, the observations at or below it; one more entry at the
 *        end for +Inf, equal to {@code count}
 * @param sumSeconds the sum of all observations
 * @param count the number of observations
 */
public record LatencyHistogram(List<Double> upperBoundsSeconds, List<Long> cumulativeCounts, double sumSeconds,
        long count) {

    public LatencyHistogram {
        upperBoundsSeconds = List.copyOf(upperBoundsSeconds);
        cumulativeCounts = List.copyOf(cumulativeCounts);
        if (cumulativeCounts.size() != upperBoundsSeconds.size() + 1) {
            throw new IllegalArgumentException("one count per bound plus +Inf");
        }
    }
}
