package io.caracal.ratelimit.internal;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

/**
 * The object registered as the service. A changed configuration swaps what it delegates to, so
 * routes keep the same service and never see the filter missing while it is reconfigured.
 */
final class SwitchableFilter implements RequestFilter {

    private volatile RequestFilter current;

    SwitchableFilter(RequestFilter initial) {
        this.current = initial;
    }

    void switchTo(RequestFilter next) {
        current = next;
    }

    @Override
    public FilterDecision apply(FilterContext context) {
        return current.apply(context);
    }

    @Override
    public String toString() {
        return current.toString();
    }
}
