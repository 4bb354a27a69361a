package io.caracal.cache.disk.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

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
 * One disk cache store per factory configuration ({@code io.caracal.cache.disk-<name>.cfg}). The
 * service is registered by hand rather than by DS, so that it appears only once its directory has
 * been scanned (off the configuration thread), a bad configuration registers nothing while the
 * component stays active, and a change of the bounds keeps the store (no reactivation).
 */
@Component(configurationPid = DiskStoreComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = DiskStoreConfig.class, factory = true)
public final class DiskStoreComponent {

    static final String FACTORY_PID = "io.caracal.cache.disk";

    private final DiskStoreKeeper keeper;

    @Activate
    public DiskStoreComponent(BundleContext bundleContext, Map<String, Object> properties) {
        // The launcher sets caracal.home; a relative path is relative to the installation.
        Path home = Path.of(Objects.requireNonNullElse(bundleContext.getProperty("caracal.home"), ".")).toAbsolutePath().normalize();
        // Felix empties its storage at start (Caracal's data/cache): a store must never live there.
        String storage = bundleContext.getProperty("org.osgi.framework.storage");
        Path frameworkStorage = storage == null ? null : home.resolve(storage).toAbsolutePath().normalize();
        NamedServiceRegistration<CacheStore> registration =
                new NamedServiceRegistration<>(bundleContext, CacheStore.class, CacheStore.NAME_PROPERTY);
        keeper = new DiskStoreKeeper(home, frameworkStorage, registration::publish, registration::withdraw,
                DirectoryClaims.SHARED);
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
