package io.caracal.core.internal.config;

import java.util.Map;

import io.caracal.core.internal.routing.Router;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** One instance per route configuration (factory PID {@code io.caracal.route}). */
@Component(configurationPid = "io.caracal.route", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RouteConfig.class, factory = true)
public final class RouteConfigComponent extends RoutingConfigComponent {

    @Activate
    public RouteConfigComponent(@Reference Router router, Map<String, Object> properties) {
        super(router, properties);
    }

    @Override
    void apply(Router router, String pid, Map<String, Object> properties) {
        router.putRoute(pid, RouteSpec.parse(properties));
    }

    @Override
    void remove(Router router, String pid) {
        router.removeRoute(pid);
    }
}
