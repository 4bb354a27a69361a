package io.caracal.accesscontrol.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One ip-access filter per factory configuration ({@code io.caracal.filter.ipaccess-<name>.cfg}). */
@Component(configurationPid = IpAccessComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = IpAccessConfig.class, factory = true)
public final class IpAccessComponent extends FilterComponent {

    static final String FACTORY_PID = "io.caracal.filter.ipaccess";

    @Activate
    public IpAccessComponent(BundleContext bundleContext, Map<String, Object> properties) {
        super(bundleContext, properties, FACTORY_PID, IpAccessFilter.TYPE, IpAccessFilter::build);
    }
}
