package io.caracal.itests.osgi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.After;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Shared set-up for the tests: the framework configuration, Caracal configurations through
 * ConfigurationAdmin, free ports, HTTP and polling. Subclasses run with {@code @RunWith(PaxExam.class)}
 * and {@code @ExamReactorStrategy(PerClass.class)}: one framework per test class, and every test
 * deletes what it configured, so tests stay independent.
 *
 * <p>The driver JVM instantiates this class only to read {@link #configuration()}; everything else
 * runs inside the framework.
 */
public abstract class CaracalTestSupport {

    static final String ROUTE_PID = "io.caracal.route";
    static final String CLUSTER_PID = "io.caracal.cluster";
    static final String LISTENER_PID = "io.caracal.listener.http";
    static final String DEMO_PID = "io.caracal.demo.origin";
    /** Any bundle may receive these configurations (a multi-location, as FileInstall uses). */
    private static final String ANY_LOCATION = "?";
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration PORT_OPEN_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected ConfigurationAdmin configAdmin;

    protected Http http;
    protected int demo1Port;
    protected int demo2Port;
    protected int listenerPort;

    @Configuration
    public Option[] configuration() {
        return FrameworkOptions.options();
    }

    // ---------------------------------------------------------------- demo origins and listener

    /** Enables the demo origins on two free ports and waits until both answer as demo-1 and demo-2. */
    protected void startDemoOrigins() throws Exception {
        http = http == null ? new Http() : http;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int first = freePort();
            int second = freePort();
            if (first == second) {
                continue;
            }
            update(DEMO_PID, Map.of("enabled", "true", "host", Http.LOOPBACK, "ports", first + ", " + second));
            // A port found free can be taken before the origin binds it: then try other ports.
            if (Await.holds(PORT_OPEN_TIMEOUT, () -> "demo-1".equals(http.get(first, "/").origin())
                    && "demo-2".equals(http.get(second, "/").origin()))) {
                demo1Port = first;
                demo2Port = second;
                return;
            }
        }
        throw new AssertionError("The demo origins did not open free ports in " + PORT_ATTEMPTS + " attempts");
    }

    /**
     * Opens an HTTP listener on a free port and waits until it answers. The probe is a request
     * that no route matches: its 404 also shows that routes of earlier tests are gone.
     */
    protected void startListener() throws Exception {
        http = http == null ? new Http() : http;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            factoryConfiguration(LISTENER_PID, "itest-" + port, Map.of(
                    "name", "itest-" + port,
                    "host", Http.LOOPBACK,
                    "port", Integer.toString(port),
                    "stop.timeout.ms", "2000"));
            if (Await.holds(PORT_OPEN_TIMEOUT, () -> {
                Http.Reply reply = http.get(port, "listener-probe.invalid", "/listener-probe");
                return reply.status() == 404 && reply.body().contains("no route matches");
            })) {
                listenerPort = port;
                return;
            }
            deleteFactoryConfiguration(LISTENER_PID, "itest-" + port);
        }
        throw new AssertionError("No listener answered 404 (no route matches) on a free port in "
                + PORT_ATTEMPTS + " attempts");
    }

    // ---------------------------------------------------------------- Caracal configuration

    /** A cluster balancing {@code upstreams} (host:port) with {@code strategy}. */
    protected void cluster(String name, String strategy, String... upstreams) throws IOException {
        List<String> urls = new ArrayList<>();
        for (String upstream : upstreams) {
            urls.add("http://" + upstream);
        }
        factoryConfiguration(CLUSTER_PID, name, Map.of(
                "name", name,
                "upstreams", String.join(", ", urls),
                "strategy", strategy,
                "connect.timeout.ms", "2000"));
    }

    /** A route sending requests for {@code hosts} under {@code pathPrefix} to {@code cluster}. */
    protected void route(String name, String hosts, String pathPrefix, String cluster) throws IOException {
        factoryConfiguration(ROUTE_PID, name, routeProperties(name, hosts, pathPrefix, cluster));
    }

    protected static Map<String, Object> routeProperties(String name, String hosts, String pathPrefix, String cluster) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", name);
        properties.put("hosts", hosts);
        properties.put("path.prefix", pathPrefix);
        properties.put("cluster", cluster);
        return properties;
    }

    protected static String demo(int port) {
        return Http.LOOPBACK + ":" + port;
    }

    /** Creates or replaces the factory configuration {@code factoryPid~name}. */
    protected org.osgi.service.cm.Configuration factoryConfiguration(String factoryPid, String name,
            Map<String, ?> properties) throws IOException {
        org.osgi.service.cm.Configuration configuration =
                configAdmin.getFactoryConfiguration(factoryPid, name, ANY_LOCATION);
        configuration.update(dictionary(properties));
        return configuration;
    }

    protected void deleteFactoryConfiguration(String factoryPid, String name) throws IOException {
        configAdmin.getFactoryConfiguration(factoryPid, name, ANY_LOCATION).delete();
    }

    protected void update(String pid, Map<String, ?> properties) throws IOException {
        configAdmin.getConfiguration(pid, ANY_LOCATION).update(dictionary(properties));
    }

    private static Dictionary<String, Object> dictionary(Map<String, ?> properties) {
        return new Hashtable<>(properties);
    }

    /**
     * Deletes the routes, clusters and listeners this test made and waits until SCR has disposed
     * of their components, so the next test starts from an empty router. The demo origins go back
     * to disabled (deleting their configuration would start them on their default ports).
     */
    @After
    public void deleteCaracalConfigurations() throws Exception {
        if (configAdmin == null) {
            return;
        }
        org.osgi.service.cm.Configuration[] configurations = configAdmin.listConfigurations("(|"
                + "(service.factoryPid=" + ROUTE_PID + ")(service.factoryPid=" + CLUSTER_PID + ")"
                + "(service.factoryPid=" + LISTENER_PID + "))");
        if (configurations != null) {
            for (org.osgi.service.cm.Configuration configuration : configurations) {
                configuration.delete();
            }
        }
        update(DEMO_PID, Map.of("enabled", "false"));
        Await.until("routes, clusters and listeners to be disposed", () ->
                Components.configurations(bundleContext, Components.ROUTE).isEmpty()
                && Components.configurations(bundleContext, Components.CLUSTER).isEmpty()
                && Components.configurations(bundleContext, Components.LISTENER).isEmpty());
    }

    // ---------------------------------------------------------------- HTTP through the listener

    /** GET {@code path} through the listener with the client's Host header. */
    protected Http.Reply get(String path) throws Exception {
        return http.get(listenerPort, path);
    }

    /** GET {@code path} through the listener with {@code host} as Host header. */
    protected Http.Reply get(String host, String path) throws Exception {
        return http.get(listenerPort, host, path);
    }

    /** Waits until a request for {@code host} (null: the default Host) gets {@code status}. */
    protected Http.Reply awaitStatus(String host, String path, int status) throws Exception {
        AtomicReference<Http.Reply> last = new AtomicReference<>();
        Await.until(() -> "status " + status + " for host " + host + ", path " + path + "; last reply: " + last.get(),
                () -> {
                    last.set(host == null ? get(path) : get(host, path));
                    return last.get().status() == status;
                });
        return last.get();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Http.LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}
