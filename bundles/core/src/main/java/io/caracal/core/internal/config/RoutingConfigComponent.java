package io.caracal.core.internal.config;

import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.core.internal.routing.Router;

import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * The lifecycle shared by route and cluster configurations: each instance validates its
 * configuration and hands it to the router; an invalid change is rejected with file and key named,
 * and the last good version keeps serving.
 */
abstract class RoutingConfigComponent {

    private final Router router;
    private final String pid;

    RoutingConfigComponent(Router router, Map<String, Object> properties) {
        this.router = router;
        this.pid = (String) properties.get("service.pid");
        modified(properties);
    }

    /** Parses {@code properties} and puts the result into the router. */
    abstract void apply(Router router, String pid, Map<String, Object> properties);

    /** Takes this configuration's part out of the router. */
    abstract void remove(Router router, String pid);

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            apply(router, pid, properties);
        } catch (ConfigException e) {
            router.rejectConfiguration(pid, e);
        }
    }

    @Deactivate
    void deactivate() {
        remove(router, pid);
    }
}
