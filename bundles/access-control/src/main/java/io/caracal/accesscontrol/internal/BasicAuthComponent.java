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
 * One basic-auth filter per factory configuration ({@code io.caracal.filter.basicauth-<name>.cfg}). The filter
 * service is registered by hand (see {@link FilterRegistration}), so a bad configuration leaves it
 * unregistered and routes that list it fail closed, while the component stays active for the next
 * change.
 */
@Component(configurationPid = BasicAuthComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = BasicAuthConfig.class, factory = true)
public final class BasicAuthComponent {

    static final String FACTORY_PID = "io.caracal.filter.basicauth";

    private final FilterKeeper keeper;

    @Activate
    public BasicAuthComponent(BundleContext bundleContext, Map<String, Object> properties) {
        keeper = new FilterKeeper(BasicAuthFilter.TYPE, Components.id(properties, FACTORY_PID), BasicAuthFilter::build,
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
