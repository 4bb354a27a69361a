package io.caracal.api.filter;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A request filter (access control, rate limiting, a WAF rule set …), registered as an OSGi service
 * with the service property {@value #NAME_PROPERTY}. A route lists the filters it runs by name;
 * filters run in the order of the route's list, and when several services share a name the one
 * with the highest {@code service.ranking} is used.
 *
 * <p>Filters run on the request thread before the upstream is chosen and must not block on I/O.
 */
@ConsumerType
public interface RequestFilter {

    /** The service property that names a filter. */
    String NAME_PROPERTY = "caracal.filter";

    /**
     * Inspects a request.
     *
     * @return {@link FilterDecision#proceed()} to let the request go on, or a rejection
     */
    FilterDecision apply(FilterContext context);
}
