package io.caracal.accesscontrol.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;

/** What the three filter components take from their OSGi surroundings. */
final class Components {

    private Components() {
    }

    /** The installation directory (the launcher sets caracal.home); relative paths resolve against it. */
    static Path home(BundleContext bundleContext) {
        return Path.of(Objects.requireNonNullElse(bundleContext.getProperty("caracal.home"), "."))
                .toAbsolutePath().normalize();
    }

    /** The configuration PID, to name the component's polling thread. */
    static String id(Map<String, Object> properties, String factoryPid) {
        return String.valueOf(properties.getOrDefault("service.pid", factoryPid));
    }
}
