package io.caracal.itests.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What Declarative Services has made of the configurations: used to know when a configuration
 * change has reached a component. Runs inside the framework only.
 */
final class Components {

    static final String ROUTE = "io.caracal.core.internal.config.RouteConfigComponent";
    static final String CLUSTER = "io.caracal.core.internal.config.ClusterConfigComponent";
    static final String LISTENER = "io.caracal.listener.http.internal.HttpListener";

    private Components() {
    }

    /** The properties of every configuration SCR currently holds for component {@code name}. */
    static List<Map<String, Object>> configurations(BundleContext context, String name) {
        ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
        if (reference == null) {
            throw new IllegalStateException("No ServiceComponentRuntime service");
        }
        ServiceComponentRuntime scr = context.getService(reference);
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (description.name.equals(name)) {
                    for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                        out.add(configuration.properties);
                    }
                }
            }
            return out;
        } finally {
            context.ungetService(reference);
        }
    }

    /** The properties SCR holds for the configuration {@code pid} of component {@code name}, or null. */
    static Map<String, Object> configuration(BundleContext context, String name, String pid) {
        return configurations(context, name).stream()
                .filter(properties -> pid.equals(properties.get("service.pid")))
                .findFirst().orElse(null);
    }
}
