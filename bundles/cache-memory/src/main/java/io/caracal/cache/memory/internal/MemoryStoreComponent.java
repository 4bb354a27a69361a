package io.caracal.cache.memory.internal;

import java.util.Map;

import io.caracal.api.cache.CacheStore;
import io.caracal.api.config.NamedServiceRegistration;

import org.osgi.framework.BundleContext;
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
        NamedServiceRegistration<CacheStore> registration =
                new NamedServiceRegistration<>(bundleContext, CacheStore.class, CacheStore.NAME_PROPERTY);
        keeper = new MemoryStoreKeeper(registration::publish, registration::withdraw);
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
}
