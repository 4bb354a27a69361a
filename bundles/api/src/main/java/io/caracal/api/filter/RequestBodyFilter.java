package io.caracal.api.filter;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A request filter that needs to see the start of the request body, such as a WAF rule set that
 * inspects form fields or JSON. Before the filters of a route run, the core reads the body (without
 * holding a thread while the client sends it), up to the largest {@link #bodyInspectionLimit()}
 * among the route's filters plus one byte, to know whether the body is longer; then it calls
 * {@link #apply} with {@link FilterContext#requestBody()} available. If the filters let the request
 * pass, the upstream receives the whole body unchanged: the buffered bytes, then the rest.
 *
 * <p>Only routes that list a body filter pay for this: the body of any other request streams to
 * the upstream as it arrives.
 */
@ConsumerType
public interface RequestBodyFilter extends RequestFilter {

    /**
     * How many body bytes this filter wants to see, asked once per request before the body is
     * read; 0 or less wants none. The core holds that many bytes in memory for every request of
     * the route in flight, so keep it modest (nginx and ModSecurity default to about 128 KB).
     */
    int bodyInspectionLimit();
}
