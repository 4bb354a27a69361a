package io.caracal.tls.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.caracal.api.config.NamedServiceRegistration;
import io.caracal.api.tls.TlsContext;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One TLS context per factory configuration ({@code io.caracal.tls.context-<name>.cfg}). The
 * service is registered by hand rather than by DS, so that a context whose files are bad is not
 * registered at all while the component stays active and retries when the files change.
 */
@Component(configurationPid = TlsContextComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = TlsContextConfig.class, factory = true)
public final class TlsContextComponent {

    static final String FACTORY_PID = "io.caracal.tls.context";

    private final ContextKeeper keeper;

    @Activate
    public TlsContextComponent(BundleContext bundleContext, Map<String, Object> properties) {
        // The launcher sets caracal.home; relative certificate paths are relative to the installation.
        Path home = Path.of(Objects.requireNonNullElse(bundleContext.getProperty("caracal.home"), ".")).toAbsolutePath().normalize();
        String pid = String.valueOf(properties.getOrDefault("service.pid", FACTORY_PID));
        NamedServiceRegistration<TlsContext> registration =
                new NamedServiceRegistration<>(bundleContext, TlsContext.class, TlsContext.NAME_PROPERTY);
        keeper = new ContextKeeper(pid, home, registration::publish, registration::withdraw);
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
