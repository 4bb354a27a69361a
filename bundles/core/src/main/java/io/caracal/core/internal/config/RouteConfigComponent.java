package io.caracal.core.internal.config;

import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.core.internal.routing.Router;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One instance per route configuration. It validates the configuration and hands it to the router;
 * an invalid change is logged with file and key, and the last good version keeps serving.
 */
@Component(configurationPid = "io.caracal.route", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RouteConfig.class, factory = true)
public final class RouteConfigComponent {

    private final Router router;
    private final String pid;

    @Activate
    public RouteConfigComponent(@Reference Router router, Map<String, Object> properties) {
        this.router = router;
        this.pid = (String) properties.get("service.pid");
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            router.putRoute(pid, RouteSpec.parse(properties));
        } catch (ConfigException e) {
            router.rejectConfiguration(pid, e);
        }
    }

    @Deactivate
    void deactivate() {
        router.removeRoute(pid);
    }
}
