package io.caracal.listener.http.internal;

import java.util.Map;

import io.caracal.api.config.ConfigException;

import org.eclipse.jetty.server.Request;
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
 * One HTTP listener per factory configuration. Adding a configuration opens the port, removing it
 * closes the port gracefully; a changed configuration rebinds, and an invalid one is rejected with
 * file and key named while the last good listener keeps serving.
 */
@Component(configurationPid = "io.caracal.listener.http", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = HttpListenerConfig.class, factory = true)
public final class HttpListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    @Reference(target = "(caracal.role=proxy)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Request.Handler proxy;

    private ListenerServer server;

    @Activate
    void activate(Map<String, Object> properties) throws Exception {
        ListenerSpec spec;
        try {
            spec = ListenerSpec.parse(properties);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; the listener was not started", e.getMessage());
            return;
        }
        server = start(spec);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) throws Exception {
        ListenerSpec spec;
        try {
            spec = ListenerSpec.parse(properties);
        } catch (ConfigException e) {
            LOG.error("Rejected {}; {}", e.getMessage(),
                    server != null ? "the last good listener keeps serving" : "the listener stays closed");
            return;
        }
        if (server != null && spec.sameSettings(server.spec())) {
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
        if (server != null) {
            ListenerServer stopping = server;
            server = null;
            stopping.stop();
            LOG.info("Listener '{}' on {}:{} closed", stopping.spec().name(), stopping.spec().host(), stopping.spec().port());
        }
    }

    private ListenerServer start(ListenerSpec spec) throws Exception {
        ListenerServer started = new ListenerServer(spec, () -> proxy);
        try {
            started.start();
        } catch (Exception e) {
            LOG.error("Listener '{}' ({}) could not open {}:{}: {}", spec.name(), spec.source(), spec.host(),
                    spec.port(), e.toString());
            throw e;
        }
        LOG.info("Listener '{}' serving on {}:{}", spec.name(), spec.host(), started.localPort());
        return started;
    }
}
