package io.caracal.core.internal.filter;

import io.caracal.api.filter.RequestFilter;

/**
 * A route's filter slot in one snapshot: the filter service that fills it, or none while no
 * service of that name is registered.
 *
 * @param name the name the route lists
 * @param filter the filter service, or {@code null} when missing (the route then answers 503)
 * @param origin the bundle that provides it, for messages
 * @param stats counters that outlive the snapshot
 */
public record FilterBinding(String name, RequestFilter filter, String origin, FilterStats stats) {
}
