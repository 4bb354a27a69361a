package io.caracal.accesscontrol.internal;

import java.util.Map;

import io.caracal.api.config.NamedServiceRegistration;
import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

import org.osgi.framework.BundleContext;

/**
 * Registers one filter as a {@link RequestFilter} service by hand (through a
 * {@link NamedServiceRegistration}), so that a filter whose configuration is bad is not registered
 * at all while its component stays active. The service properties are only the name and type,
 * never configuration values (which may be secret).
 *
 * <p>A reload under the same name swaps the filter behind the registered service instead of
 * registering anew, so routes keep their binding and no request sees the filter missing.
 */
final class FilterRegistration implements FilterKeeper.Publisher {

    private final NamedServiceRegistration<RequestFilter> registration;
    private Swappable registered;
    private String type;

    FilterRegistration(BundleContext bundleContext) {
        registration = new NamedServiceRegistration<>(bundleContext, RequestFilter.class, RequestFilter.NAME_PROPERTY);
    }

    @Override
    public synchronized void publish(String name, String newType, RequestFilter filter) {
        if (registered != null && name.equals(registration.name()) && newType.equals(type)) {
            registered.target = filter;
            return;
        }
        Swappable next = new Swappable(filter);
        registration.publish(name, next, Map.of(RequestFilter.TYPE_PROPERTY, newType));
        registered = next;
        type = newType;
    }

    @Override
    public synchronized void withdraw() {
        registration.withdraw();
        registered = null;
        type = null;
    }

    /** The registered service: forwards to the current filter. */
    private static final class Swappable implements RequestFilter {
        volatile RequestFilter target;

        Swappable(RequestFilter target) {
            this.target = target;
        }

        @Override
        public FilterDecision apply(FilterContext context) {
            return target.apply(context);
        }

        @Override
        public String toString() {
            return target.toString();
        }
    }
}
