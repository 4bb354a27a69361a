package io.caracal.ratelimit.internal;

import java.util.Hashtable;
import java.util.Map;

import io.caracal.api.filter.RequestFilter;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One rate limit filter per factory configuration ({@code io.caracal.filter.ratelimit-<name>.cfg}).
 * The service is registered by hand rather than by DS, so that a bad configuration registers
 * nothing (routes listing the filter then fail closed) while the component stays active, and so
 * that a change keeps the buckets (the {@code @Modified} method avoids a reactivation).
 */
@Component(configurationPid = RateLimitComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = RateLimitConfig.class, factory = true)
public final class RateLimitComponent {

    static final String FACTORY_PID = "io.caracal.filter.ratelimit";
    static final String TYPE = "ratelimit";

    private final RateLimitKeeper keeper;

    @Activate
    public RateLimitComponent(BundleContext bundleContext, Map<String, Object> properties) {
        keeper = new RateLimitKeeper(new ServiceRegistry(bundleContext), NanoClock.SYSTEM);
        keeper.configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        keeper.configure(properties);
    }

    @Deactivate
    void deactivate() {
        keeper.close();
    }

    /** Registers the filter under its name; a new name is registered before the old one goes. */
    private static final class ServiceRegistry implements RateLimitKeeper.Registry {
        private final BundleContext bundleContext;
        private ServiceRegistration<RequestFilter> registration;

        ServiceRegistry(BundleContext bundleContext) {
            this.bundleContext = bundleContext;
        }

        @Override
        public void publish(String name, RequestFilter filter) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(RequestFilter.NAME_PROPERTY, name);
            properties.put(RequestFilter.TYPE_PROPERTY, TYPE);
            ServiceRegistration<RequestFilter> previous = registration;
            registration = bundleContext.registerService(RequestFilter.class, filter, properties);
            unregister(previous);
        }

        @Override
        public void withdraw() {
            unregister(registration);
            registration = null;
        }

        private static void unregister(ServiceRegistration<?> registration) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // Unregistered already (the bundle is stopping).
                }
            }
        }
    }
}
