package io.caracal.accesscontrol.internal;

import java.util.Hashtable;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers one filter as a {@link RequestFilter} service by hand, so that a filter whose
 * configuration is bad is not registered at all while its component stays active. The service
 * properties are only the name and type, never configuration values (which may be secret).
 *
 * <p>A reload under the same name swaps the filter behind the registered service instead of
 * registering anew, so routes keep their binding and no request sees the filter missing.
 */
final class FilterRegistration implements FilterKeeper.Publisher {

    private final BundleContext bundleContext;
    private ServiceRegistration<RequestFilter> registration;
    private Swappable registered;
    private String name;
    private String type;

    FilterRegistration(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public synchronized void publish(String newName, String newType, RequestFilter filter) {
        if (registration != null && newName.equals(name) && newType.equals(type)) {
            registered.target = filter;
            return;
        }
        withdraw();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(RequestFilter.NAME_PROPERTY, newName);
        properties.put(RequestFilter.TYPE_PROPERTY, newType);
        registered = new Swappable(filter);
        registration = bundleContext.registerService(RequestFilter.class, registered, properties);
        name = newName;
        type = newType;
    }

    @Override
    public synchronized void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Unregistered already: the bundle is stopping.
            }
            registration = null;
            registered = null;
            name = null;
            type = null;
        }
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
