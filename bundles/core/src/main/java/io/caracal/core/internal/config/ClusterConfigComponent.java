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

/** One instance per cluster configuration; see {@link RouteConfigComponent} for the error policy. */
@Component(configurationPid = "io.caracal.cluster", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClusterConfig.class, factory = true)
public final class ClusterConfigComponent {

    private final Router router;
    private final String pid;

    @Activate
    public ClusterConfigComponent(@Reference Router router, Map<String, Object> properties) {
        this.router = router;
        this.pid = (String) properties.get("service.pid");
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            router.putCluster(pid, ClusterSpec.parse(properties));
        } catch (ConfigException e) {
            router.rejectConfiguration(pid, e);
        }
    }

    @Deactivate
    void deactivate() {
        router.removeCluster(pid);
    }
}
