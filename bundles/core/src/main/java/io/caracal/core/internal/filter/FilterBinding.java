package io.caracal.core.internal.filter;

import io.caracal.api.filter.RequestFilter;

/**
 * A route's filter slot in one snapshot: the filter service that fills it, or none while no
 * service of that name is registered.
 *
 * @param name the name the route lists
 * @param type the service's {@value RequestFilter#TYPE_PROPERTY}, or empty
 * @param filter the filter service, or {@code null} when missing (the route then answers 503)
 * @param provider the bundle that provides it, {@code symbolic-name version}, or empty when missing
 * @param stats counters that outlive the snapshot
 */
public record FilterBinding(String name, String type, RequestFilter filter, String provider, FilterStats stats) {

    /** A slot no service fills. */
    public static FilterBinding missing(String name, FilterStats stats) {
        return new FilterBinding(name, "", null, "", stats);
    }

    /** Where the filter comes from, for log messages. */
    public String origin() {
        return "bundle " + provider;
    }
}
