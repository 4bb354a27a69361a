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
 * One ip-access filter per factory configuration ({@code io.caracal.filter.ipaccess-<name>.cfg}). The filter
 * service is registered by hand (see {@link FilterRegistration}), so a bad configuration leaves it
 * unregistered and routes that list it fail closed, while the component stays active for the next
 * change.
 */
@Component(configurationPid = IpAccessComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = IpAccessConfig.class, factory = true)
public final class IpAccessComponent {

    static final String FACTORY_PID = "io.caracal.filter.ipaccess";

    private final FilterKeeper keeper;

    @Activate
    public IpAccessComponent(BundleContext bundleContext, Map<String, Object> properties) {
        keeper = new FilterKeeper(IpAccessFilter.TYPE, Components.id(properties, FACTORY_PID), IpAccessFilter::build,
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
