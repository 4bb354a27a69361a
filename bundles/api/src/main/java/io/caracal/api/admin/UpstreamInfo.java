package io.caracal.api.admin;

/**
 * One upstream of a cluster.
 *
 * @param id {@code host:port}
 * @param scheme {@code http} or {@code https}
 * @param weight its configured weight
 * @param healthy false while the active health check or outlier detection keeps it out
 * @param drained true while it takes no new requests (by configuration or by an operator)
 * @param drainedByOperator true while an operator's drain holds
 * @param inFlight requests in flight to it now
 * @param latencyMillis its recent response-time average (peak EWMA), in milliseconds
 * @param traffic the attempts sent to it
 */
public record UpstreamInfo(String id, String scheme, int weight, boolean healthy, boolean drained,
        boolean drainedByOperator, int inFlight, double latencyMillis, TrafficStats traffic) {
}
