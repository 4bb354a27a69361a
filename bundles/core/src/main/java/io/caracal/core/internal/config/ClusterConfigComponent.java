package io.caracal.core.internal.config;

import java.util.Map;

import io.caracal.core.internal.routing.Router;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** One instance per cluster configuration (factory PID {@code io.caracal.cluster}). */
@Component(configurationPid = "io.caracal.cluster", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClusterConfig.class, factory = true)
public final class ClusterConfigComponent extends RoutingConfigComponent {

    @Activate
    public ClusterConfigComponent(@Reference Router router, Map<String, Object> properties) {
        super(router, properties);
    }

    @Override
    void apply(Router router, String pid, Map<String, Object> properties) {
        router.putCluster(pid, ClusterSpec.parse(properties));
    }

    @Override
    void remove(Router router, String pid) {
        router.removeCluster(pid);
    }
}
