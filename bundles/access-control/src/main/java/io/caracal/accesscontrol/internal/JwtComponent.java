package io.caracal.accesscontrol.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One jwt filter per factory configuration ({@code io.caracal.filter.jwt-<name>.cfg}). */
@Component(configurationPid = JwtComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = JwtConfig.class, factory = true)
public final class JwtComponent extends FilterComponent {

    static final String FACTORY_PID = "io.caracal.filter.jwt";

    @Activate
    public JwtComponent(BundleContext bundleContext, Map<String, Object> properties) {
        super(bundleContext, properties, FACTORY_PID, JwtFilter.TYPE, JwtFilter::build);
    }
}
