package io.caracal.listener.http.internal;

import static io.caracal.listener.http.internal.ListenerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ListenerStatus;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** {@link ListenerInfo} counters of a real listener, and the {@link ListenerStatus} service. */
class ListenerStatusTest {

    private static final Request.Handler OK = (request, response, callback) -> {
        Content.Sink.write(response, true, "ok", callback);
        return true;
    };

    @TempDir
    Path home;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private RawConnection connect(int port) throws Exception {
        RawConnection connection = new RawConnection(port);
        resources.add(connection);
        return connection;
    }

    @Test
    void connectionsRiseAndFallAndRequestsAreCounted() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of("name", "counted", "host", "127.0.0.1", "port", "0",
                "access.log", "off"));
        ListenerServer listener = new ListenerServer(ListenerSpec.parse(properties), () -> OK, null);
        listener.start();
        resources.add(0, () -> {
            if (listener.info().open()) {
                listener.stop();
            }
        });
        int port = listener.localPort();
        ListenerInfo fresh = listener.info();
        assertEquals(new ListenerInfo("counted", "127.0.0.1", port, false, null, true, true, 0, 0, 0), fresh);

        RawConnection a = connect(port);
        RawConnection b = connect(port);
        RawConnection c = connect(port);
        await("three open connections", () -> listener.info().connections() == 3);
        assertEquals(3, listener.info().acceptedConnections());

        assertEquals(200, a.get("/one").status());
        assertEquals(200, a.get("/two").status());
        assertEquals(200, b.get("/three").status());
        assertEquals(3, listener.info().requests(), "counted before the responses were sent");

        a.close();
        b.close();
        await("one open connection", () -> listener.info().connections() == 1);
        assertEquals(3, listener.info().acceptedConnections(), "accepted only grows");
        assertEquals(200, c.get("/four").status());
        assertEquals(4, listener.info().requests());

        listener.stop();
        ListenerInfo closed = listener.info();
        assertFalse(closed.open());
        assertEquals(0, closed.port(), "no port while closed");
        assertEquals(0, closed.connections(), "stopping closed the last connection");
    }

    /** A bundle context that only records service registrations. */
    private static final class Registrations {

        final List<Object> services = new ArrayList<>();
        final List<Dictionary<String, ?>> properties = new ArrayList<>();
        final List<Boolean> unregistered = new ArrayList<>();

        BundleContext context(Path home) {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getProperty" -> "caracal.home".equals(args[0]) ? home.toString() : null;
                        case "registerService" -> register(args[1], (Dictionary<String, ?>) args[2]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private ServiceRegistration<?> register(Object service, Dictionary<String, ?> props) {
            int index = services.size();
            services.add(service);
            properties.add(props);
            unregistered.add(false);
            return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "setProperties" -> {
                            properties.set(index, (Dictionary<String, ?>) args[0]);
                            yield null;
                        }
                        case "unregister" -> {
                            unregistered.set(index, true);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void eachConfiguredListenerRegistersItsStatus() throws Exception {
        Registrations registry = new Registrations();
        HttpListener component = new HttpListener();
        Map<String, Object> properties = new HashMap<>(Map.of("name", "edge", "host", "127.0.0.1", "port", "0",
                "h2c", "false"));
        component.activate(registry.context(home), properties);
        resources.add(component::deactivate);

        assertEquals(1, registry.services.size());
        assertEquals("edge", registry.properties.get(0).get("caracal.listener"));
        ListenerStatus status = (ListenerStatus) registry.services.get(0);
        ListenerInfo info = status.info();
        assertTrue(info.open());
        assertTrue(info.port() > 0);
        assertFalse(info.h2c());
        assertTrue(Path.of(home.toString(), "logs").toFile().isDirectory(), "the default access log, under caracal.home");

        // A new name re-labels the same service; a new access log keeps the port open.
        properties.put("name", "edge-2");
        component.modified(properties);
        assertEquals("edge-2", registry.properties.get(0).get("caracal.listener"));
        int port = status.info().port();
        properties.put("access.log", "json");
        component.modified(properties);
        assertEquals(port, status.info().port(), "only the access log changed: not rebound");
        assertEquals(1, registry.services.size());

        component.deactivate();
        resources.remove(resources.size() - 1);
        assertTrue(registry.unregistered.get(0));
    }

    @Test
    void anHttpsListenerWaitingForItsTlsContextReportsItselfClosed() throws Exception {
        Registrations registry = new Registrations();
        HttpListener component = new HttpListener();
        component.activate(registry.context(home), new HashMap<>(Map.of("name", "secure", "host", "127.0.0.1",
                "port", "0", "tls.context", "missing", "access.log", "off")));
        resources.add(component::deactivate);

        ListenerInfo info = ((ListenerStatus) registry.services.get(0)).info();
        assertNotNull(info);
        assertEquals(new ListenerInfo("secure", "127.0.0.1", 0, true, "missing", false, false, 0, 0, 0), info);
    }

    @Test
    void anInvalidConfigurationRegistersNothing() throws Exception {
        Registrations registry = new Registrations();
        HttpListener component = new HttpListener();
        component.activate(registry.context(home), new HashMap<>(Map.of("name", "bad", "port", "99999")));
        resources.add(component::deactivate);
        assertTrue(registry.services.isEmpty());
        assertNull(component.info());
    }
}
