package io.caracal.accesscontrol.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One jwt filter per factory configuration ({@code io.caracal.filter.jwt-<name>.cfg}). The filter
 * service is registered by hand (see {@link FilterRegistration}), so a bad configuration leaves it
 * unregistered and routes that list it fail closed, while the component stays active for the next
 * change.
 */
@Component(configurationPid = JwtComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = JwtConfig.class, factory = true)
public final class JwtComponent {

    static final String FACTORY_PID = "io.caracal.filter.jwt";

    private final FilterKeeper keeper;

    @Activate
    public JwtComponent(BundleContext bundleContext, Map<String, Object> properties) {
        keeper = new FilterKeeper(JwtFilter.TYPE, Components.id(properties, FACTORY_PID), JwtFilter::build,
                Components.home(bundleContext), new FilterRegistration(bundleContext));
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
