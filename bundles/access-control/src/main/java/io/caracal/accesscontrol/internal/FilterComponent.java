package io.caracal.accesscontrol.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * What the three filter components share: one filter per factory configuration, kept by a
 * {@link FilterKeeper}. The filter service is registered by hand (see {@link FilterRegistration}),
 * so a configuration that never was valid leaves it unregistered and routes that list it fail
 * closed, while the component stays active for the next change.
 */
abstract class FilterComponent {

    private final FilterKeeper keeper;

    FilterComponent(BundleContext bundleContext, Map<String, Object> properties, String factoryPid, String type,
            FilterKeeper.Factory factory) {
        // The launcher sets caracal.home; relative paths resolve against the installation.
        Path home = Path.of(Objects.requireNonNullElse(bundleContext.getProperty("caracal.home"), "."))
                .toAbsolutePath().normalize();
        String id = String.valueOf(properties.getOrDefault("service.pid", factoryPid));
        keeper = new FilterKeeper(type, id, factory, home, new FilterRegistration(bundleContext));
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
