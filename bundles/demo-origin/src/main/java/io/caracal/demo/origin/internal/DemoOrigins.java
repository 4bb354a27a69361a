package io.caracal.demo.origin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.ConfigReader;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the demo origins while configured and enabled (the default configuration has them on). */
@Component(configurationPid = "io.caracal.demo.origin", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = DemoOriginConfig.class)
public final class DemoOrigins {

    private static final Logger LOG = LoggerFactory.getLogger(DemoOrigins.class);

    private final List<Server> servers = new ArrayList<>();
    private List<Object> running = List.of();

    @Activate
    @Modified
    synchronized void configure(Map<String, Object> properties) throws Exception {
        ConfigReader config = new ConfigReader(properties);
        boolean enabled;
        String host;
        List<Integer> ports = new ArrayList<>();
        try {
            enabled = config.booleanValue("enabled", true);
            host = config.string("host", "127.0.0.1");
            List<String> configured = config.strings("ports");
            for (String port : configured.isEmpty() ? List.of("9001", "9002") : configured) {
                try {
                    int value = Integer.parseInt(port);
                    if (value < 0 || value > 65535) {
                        throw new NumberFormatException();
                    }
                    ports.add(value);
                } catch (NumberFormatException e) {
                    throw config.error("ports", "'" + port + "' is not a port number");
                }
            }
        } catch (ConfigException e) {
            LOG.error("Rejected {}; the demo origins keep their previous state", e.getMessage());
            return;
        }
        List<Object> settings = List.of(enabled, host, ports);
        if (settings.equals(running)) {
            return;
        }
        stop();
        running = settings;
        if (!enabled) {
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            String name = "demo-" + (i + 1);
            QueuedThreadPool threads = new QueuedThreadPool(16, 2);
            threads.setName("caracal-" + name);
            Server server = new Server(threads);
            ServerConnector connector = new ServerConnector(server, 1, 1);
            connector.setHost(host);
            connector.setPort(ports.get(i));
            server.addConnector(connector);
            server.setHandler(new EchoHandler(name));
            servers.add(server);
            try {
                server.start();
                LOG.info("Demo origin {} serving on {}:{}", name, host, connector.getLocalPort());
            } catch (Exception e) {
                LOG.error("Demo origin {} could not open {}:{}: {}", name, host, ports.get(i), e.toString());
            }
        }
    }

    @Deactivate
    synchronized void stop() throws Exception {
        for (Server server : servers) {
            server.stop();
        }
        servers.clear();
        running = List.of();
    }
}
