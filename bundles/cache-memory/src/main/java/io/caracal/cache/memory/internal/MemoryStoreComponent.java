package io.caracal.cache.memory.internal;

import java.util.Hashtable;
import java.util.Map;

import io.caracal.api.cache.CacheStore;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One memory cache store per factory configuration ({@code io.caracal.cache.memory-<name>.cfg}).
 * The service is registered by hand rather than by DS, so that a bad configuration registers
 * nothing while the component stays active, and so that a change of the bound keeps the entries
 * (the {@code @Modified} method avoids a reactivation).
 */
@Component(configurationPid = MemoryStoreComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = MemoryStoreConfig.class, factory = true)
public final class MemoryStoreComponent {

    static final String FACTORY_PID = "io.caracal.cache.memory";

    private final MemoryStoreKeeper keeper;

    @Activate
    public MemoryStoreComponent(BundleContext bundleContext, Map<String, Object> properties) {
        keeper = new MemoryStoreKeeper(new ServiceRegistry(bundleContext));
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

    /** Registers the store under its name; a new name is registered before the old one goes. */
    private static final class ServiceRegistry implements MemoryStoreKeeper.Registry {
        private final BundleContext bundleContext;
        private ServiceRegistration<CacheStore> registration;

        ServiceRegistry(BundleContext bundleContext) {
            this.bundleContext = bundleContext;
        }

        @Override
        public void publish(String name, CacheStore store) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(CacheStore.NAME_PROPERTY, name);
            ServiceRegistration<CacheStore> previous = registration;
            registration = bundleContext.registerService(CacheStore.class, store, properties);
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
