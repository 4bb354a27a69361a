package io.caracal.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.felix.framework.FrameworkFactory;
import org.apache.felix.main.AutoProcessor;
import org.osgi.framework.launch.Framework;

/**
 * Starts Caracal: sets up the admin credentials, then the Felix framework with
 * {@code conf/config.properties}, in the foreground. SIGTERM stops the framework in order, so
 * listeners finish their in-flight requests before the process exits.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long startNanos = System.nanoTime();
        Path home = Path.of(System.getProperty("caracal.home", ".")).toAbsolutePath().normalize();
        Path conf = home.resolve("conf");
        if (!Files.isRegularFile(conf.resolve("config.properties"))) {
            System.err.println("caracal: " + conf.resolve("config.properties") + " not found; set caracal.home to the installation directory");
            System.exit(2);
        }
        System.setProperty("caracal.home", home.toString());
        System.setProperty("felix.config.properties", conf.resolve("config.properties").toUri().toString());
        System.setProperty("felix.system.properties", conf.resolve("system.properties").toUri().toString());

        AdminCredentials credentials = AdminCredentials.load(conf, System.getenv(AdminCredentials.PASSWORD_ENV));
        System.setProperty("felix.webconsole.username", System.getProperty("felix.webconsole.username", "admin"));
        System.setProperty("felix.webconsole.password", credentials.hashed());

        org.apache.felix.main.Main.loadSystemProperties();
        Map<String, String> properties = org.apache.felix.main.Main.loadConfigProperties();
        org.apache.felix.main.Main.copySystemProperties(properties);
        overrideFromSystemProperties(properties);

        Framework framework = new FrameworkFactory().newFramework(properties);
        framework.init();
        AutoProcessor.process(properties, framework.getBundleContext());
        long stopTimeoutMillis = Long.parseLong(properties.getOrDefault("caracal.stop.timeout.ms", "60000"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, stopTimeoutMillis), "caracal-shutdown"));
        framework.start();

        String adminHost = properties.getOrDefault("org.apache.felix.http.host", "127.0.0.1");
        String adminPort = properties.getOrDefault("org.osgi.service.http.port", "8181");
        System.out.printf("Caracal started in %d ms from %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), home);
        System.out.printf("Web console: http://%s:%s/system/console (user %s, password from %s)%n",
                adminHost, adminPort, System.getProperty("felix.webconsole.username"), credentials.origin());
        System.out.println("Logs: " + home.resolve("logs"));
        framework.waitForStop(0);
        System.exit(0);
    }

    /**
     * Lets {@code -Dname=value} override any framework property of conf/config.properties (Felix
     * itself only copies {@code felix.*} and {@code org.osgi.framework.*} ones), so a second
     * instance can move its admin port with {@code -Dorg.osgi.service.http.port=…}.
     */
    static void overrideFromSystemProperties(Map<String, String> properties) {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (properties.containsKey(name) || name.startsWith("org.osgi.") || name.startsWith("org.apache.felix.")) {
                properties.put(name, System.getProperty(name));
            }
        }
    }

    private static void stop(Framework framework, long timeoutMillis) {
        try {
            framework.stop();
            framework.waitForStop(timeoutMillis);
        } catch (Exception e) {
            System.err.println("caracal: stopping failed: " + e);
        }
    }
}
