package io.caracal.ratelimit.internal;

import java.util.Map;

import io.caracal.api.config.NamedServiceRegistration;
import io.caracal.api.filter.RequestFilter;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One rate limit filter per factory configuration ({@code io.caracal.filter.ratelimit-<name>.cfg}).
 * The service is registered by hand rather than by DS, so that a bad configuration registers
 * nothing (routes listing the filter then fail closed) while the component stays active, and so
 * that a change keeps the buckets (the {@code @Modified} method avoids a reactivation).
 */
@Component(configurationPid = RateLimitComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = RateLimitConfig.class, factory = true)
public final class RateLimitComponent {

    static final String FACTORY_PID = "io.caracal.filter.ratelimit";
    static final String TYPE = "ratelimit";

    private final RateLimitKeeper keeper;

    @Activate
    public RateLimitComponent(BundleContext bundleContext, Map<String, Object> properties) {
        NamedServiceRegistration<RequestFilter> registration =
                new NamedServiceRegistration<>(bundleContext, RequestFilter.class, RequestFilter.NAME_PROPERTY);
        Map<String, String> type = Map.of(RequestFilter.TYPE_PROPERTY, TYPE);
        keeper = new RateLimitKeeper((name, filter) -> registration.publish(name, filter, type), registration::withdraw,
                NanoClock.SYSTEM);
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
