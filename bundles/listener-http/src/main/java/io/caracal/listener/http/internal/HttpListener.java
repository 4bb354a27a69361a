package io.caracal.listener.http.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ListenerStatus;
import io.caracal.api.config.ConfigException;
import io.caracal.api.tls.TlsContext;

import org.eclipse.jetty.server.Request;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP or HTTPS listener per factory configuration. Adding a configuration opens the port,
 * removing it closes the port gracefully; a changed configuration rebinds, and an invalid one is
 * rejected with file and key named while the last good listener keeps serving. An HTTPS listener
 * opens once its TLS context service is there. Each configured listener registers a
 * {@link ListenerStatus} service; a change of only its access log settings switches the log
 * file without closing the port.
 */
@Component(configurationPid = "io.caracal.listener.http", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = HttpListenerConfig.class, factory = true)
public final class HttpListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    @Reference(target = "(caracal.role=proxy)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Request.Handler proxy;

    private final Map<String, TlsContext> tlsContexts = new ConcurrentHashMap<>();
    // Volatile for info(), which reads them without the lock.
    private volatile ListenerSpec wanted;
    private volatile ListenerServer server;
    private boolean active;
    private Path home;
    private ListenerStatusRegistration status;

    @Reference(service = TlsContext.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindTlsContext(TlsContext context, Map<String, Object> properties) throws Exception {
        String name = String.valueOf(properties.get(TlsContext.NAME_PROPERTY));
        tlsContexts.put(name, context);
        if (active && server == null && wanted != null && name.equals(wanted.tlsContext())) {
            server = startIfReady(wanted);
            publishStatus();
        }
    }

    synchronized void unbindTlsContext(TlsContext context, Map<String, Object> properties) {
        // A running HTTPS listener keeps the last SSLContext it saw until its context returns.
        tlsContexts.remove(String.valueOf(properties.get(TlsContext.NAME_PROPERTY)), context);
    }

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties) throws Exception {
        active = true;
        // The launcher sets caracal.home; relative paths (the access log's) resolve against it.
        home = Path.of(Objects.requireNonNullElse(context.getProperty("caracal.home"), ".")).toAbsolutePath().normalize();
        status = new ListenerStatusRegistration(context, (ListenerStatus) this::info);
        try {
            wanted = ListenerSpec.parse(properties, home);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; the listener was not started", e.getMessage());
            return;
        }
        try {
            server = startIfReady(wanted);
        } catch (Exception e) {
            // A failed activation is never deactivated: nothing may stay registered.
            status.unregister();
            throw e;
        }
        publishStatus();
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) throws Exception {
        try {
            reconfigure(properties);
        } finally {
            publishStatus();
        }
    }

    private void reconfigure(Map<String, Object> properties) throws Exception {
        ListenerSpec spec;
        try {
            spec = ListenerSpec.parse(properties, home);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; {}", e.getMessage(),
                    server != null ? "the last good listener keeps serving" : "the listener stays closed");
            return;
        }
        wanted = spec;
        if (server != null && spec.sameSettings(server.spec())) {
            return;
        }
        if (server != null && spec.sameExceptAccessLog(server.spec())) {
            server.reconfigureAccessLog(spec);
            LOG.info("Listener '{}' access log is now {}", spec.name(), spec.accessLog().enabled()
                    ? spec.accessLog().format().name().toLowerCase(Locale.ROOT) + " in " + spec.accessLog().rollingPath()
                    : "off");
            return;
        }
        if (spec.secure() && !tlsContexts.containsKey(spec.tlsContext())) {
            LOG.warn("Listener '{}' ({}) waits for TLS context '{}', which is not there{}", spec.name(), spec.source(),
                    spec.tlsContext(), server != null ? "; the previous listener keeps serving" : "");
            return;
        }
        ListenerServer previous = server;
        boolean sameAddress = previous != null && previous.spec().port() == spec.port()
                && previous.spec().host().equals(spec.host());
        if (previous != null && !sameAddress) {
            // A different address: open the new one before closing the old, so a bad address
            // leaves the old one serving.
            server = start(spec);
            // The config thread must not wait for the old listener's in-flight requests.
            previous.stopInBackground();
            return;
        }
        if (previous != null) {
            previous.stop();
        }
        try {
            server = start(spec);
        } catch (Exception e) {
            server = previous == null ? null : start(previous.spec());
            throw e;
        }
    }

    @Deactivate
    synchronized void deactivate() throws Exception {
        active = false;
        status.unregister();
        if (server != null) {
            ListenerServer stopping = server;
            server = null;
            stopping.stop();
            LOG.info("Listener '{}' on {}:{} closed", stopping.spec().name(), stopping.spec().host(), stopping.spec().port());
        }
    }

    /** The listener as it is now: the one serving, else the configured one, closed. */
    ListenerInfo info() {
        ListenerServer serving = server;
        if (serving != null) {
            return serving.info();
        }
        ListenerSpec configured = wanted;
        return configured == null ? null : ListenerServer.closedInfo(configured);
    }

    private void publishStatus() {
        ListenerServer serving = server;
        ListenerSpec configured = wanted;
        status.publish(serving != null ? serving.spec().name() : configured != null ? configured.name() : null);
    }

    private ListenerServer startIfReady(ListenerSpec spec) throws Exception {
        if (spec.secure() && !tlsContexts.containsKey(spec.tlsContext())) {
            LOG.warn("Listener '{}' ({}) waits for TLS context '{}', which is not there yet", spec.name(),
                    spec.source(), spec.tlsContext());
            return null;
        }
        return start(spec);
    }

    private ListenerServer start(ListenerSpec spec) throws Exception {
        ListenerServer started = new ListenerServer(spec, () -> proxy,
                spec.secure() ? () -> tlsContexts.get(spec.tlsContext()) : null);
        try {
            started.start();
        } catch (Exception e) {
            LOG.error("Listener '{}' ({}) could not open {}:{}: {}", spec.name(), spec.source(), spec.host(),
                    spec.port(), e.toString());
            throw e;
        }
        LOG.info("Listener '{}' serving {} on {}:{}", spec.name(), spec.secure() ? "HTTPS" : "HTTP", spec.host(),
                started.localPort());
        return started;
    }
}
