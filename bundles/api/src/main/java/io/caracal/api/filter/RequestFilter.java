package io.caracal.api.filter;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A request filter (access control, rate limiting, a WAF rule set …), registered as an OSGi service
 * with the service property {@value #NAME_PROPERTY}. A route lists the filters it runs by name
 * ({@code filters = office-only, api-limit}); they run in that order, and when several services
 * share a name the one with the highest {@code service.ranking} is used.
 *
 * <p>A route never runs without a filter it lists: while a named filter is missing, the route
 * answers 503. A filter that throws fails the request with 500; the proxy logs it with the bundle.
 *
 * <p>Filters run on the request thread before the upstream is chosen, concurrently for many
 * requests, and must not block on I/O. They see the request's header; a filter that needs the
 * body too implements {@link RequestBodyFilter}, and one that needs the upstream's response
 * registers a {@link ResponseInspector} with {@link FilterContext#inspectResponse}.
 */
@ConsumerType
public interface RequestFilter {

    /** The service property that names a filter. */
    String NAME_PROPERTY = "caracal.filter";

    /** The service property that says what kind of filter this is ({@code ip-access}, {@code ratelimit} …), for the console. */
    String TYPE_PROPERTY = "caracal.filter.type";

    /**
     * Inspects a request.
     *
     * @return {@link FilterDecision#proceed()} to let the request go on, or a rejection
     */
    FilterDecision apply(FilterContext context);
}
