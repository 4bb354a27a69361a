package io.caracal.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.cm.ConfigurationAdminOptions.newConfiguration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ops4j.pax.exam.Constants;
import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam configuration shared by every test class; it runs in the driver (host) JVM. The
 * framework gets exactly the bundles of the feature poms, which maven-dependency-plugin copied to
 * {@link Settings#BUNDLES_DIR}: the feature poms stay the one list of what Caracal runs.
 */
final class FrameworkOptions {

    /**
     * Started before all other bundles: logging, so every bundle logs from its first line; SCR; and
     * Configuration Admin, so that configurations given at startup exist before the first component
     * bundle starts (otherwise the demo origins would bind their default ports 9001/9002 first).
     */
    static final Set<String> EARLY_BUNDLES = Set.of(
            "org.ops4j.pax.logging.pax-logging-api",
            "org.ops4j.pax.logging.pax-logging-log4j2",
            "org.apache.felix.scr",
            "org.apache.felix.configadmin");
    static final int EARLY_START_LEVEL = 1;
    /** Pax Exam's default level for provisioned bundles; its own bundles start at 2. */
    static final int START_LEVEL = Constants.START_LEVEL_DEFAULT_PROVISION;

    private FrameworkOptions() {
    }

    static Option[] options() {
        Path workDir = Path.of(Settings.require(Settings.WORK_DIR));
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        // The driver resolves Pax Exam's mvn: URLs: local repository only, no remote repository.
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value(""));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty("org.ops4j.pax.logging.property.file").value(Settings.require(Settings.LOGGING_CONFIG)));
        options.add(systemProperty(Settings.WORK_DIR).value(workDir.toString()));
        options.add(systemProperty(Settings.BUNDLES_DIR).value(Settings.require(Settings.BUNDLES_DIR)));
        options.add(systemProperty(Settings.STRATEGY_JAR).value(Settings.require(Settings.STRATEGY_JAR)));
        // Lets java.net.http send a Host header of our choosing (to reach host-specific routes).
        options.add(systemProperty("jdk.httpclient.allowRestrictedHeaders").value("host"));
        // FileInstall is part of the runtime feature: give it an empty directory of its own.
        options.add(frameworkProperty("felix.fileinstall.dir").value(workDir.resolve("fileinstall").toString()));
        options.add(frameworkProperty("felix.log.level").value("1"));
        // The installation directory: listeners write their access logs below it (logs/).
        options.add(frameworkProperty("caracal.home").value(workDir.resolve("home").toString()));
        // The demo origins start disabled; each test enables them on free ports.
        options.add(newConfiguration(CaracalTestSupport.DEMO_PID).put("enabled", "false").asOption());
        for (Path jar : FeatureBundles.list()) {
            int startLevel = EARLY_BUNDLES.contains(FeatureBundles.symbolicName(jar)) ? EARLY_START_LEVEL : START_LEVEL;
            options.add(bundle(jar.toUri().toString()).startLevel(startLevel));
        }
        return options.toArray(Option[]::new);
    }
}
