package io.caracal.accesscontrol.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One basic-auth filter per factory configuration ({@code io.caracal.filter.basicauth-<name>.cfg}). */
@Component(configurationPid = BasicAuthComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = BasicAuthConfig.class, factory = true)
public final class BasicAuthComponent extends FilterComponent {

    static final String FACTORY_PID = "io.caracal.filter.basicauth";

    @Activate
    public BasicAuthComponent(BundleContext bundleContext, Map<String, Object> properties) {
        super(bundleContext, properties, FACTORY_PID, BasicAuthFilter.TYPE, BasicAuthFilter::build);
    }
}
