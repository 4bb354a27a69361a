package io.caracal.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Fails the build when the assembled distribution has a bundle that does not resolve or start:
 * installs every jar of {@code target/caracal/bundle} into a fresh Felix framework and checks that
 * each one ends up ACTIVE (fragments RESOLVED).
 */
class AssembledRuntimeResolvesIT {

    @Test
    void everyBundleOfTheDistributionStarts(@TempDir Path work) throws Exception {
        Path bundleDir = Path.of(System.getProperty("caracal.distribution", "target/caracal")).resolve("bundle");
        assertTrue(Files.isDirectory(bundleDir), bundleDir + " is missing: run the package phase first");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("org.osgi.service.http.port", "0");
        properties.put("org.apache.felix.http.host", "127.0.0.1");
        properties.put("felix.fileinstall.dir", Files.createDirectories(work.resolve("watched")).toString());
        properties.put("felix.cm.dir", work.resolve("config").toString());
        properties.put("felix.webconsole.password", "{sha-256}unusable-in-this-test");
        Framework framework = new FrameworkFactory().newFramework(properties);
        framework.init();
        try {
            List<Bundle> bundles = new ArrayList<>();
            try (Stream<Path> jars = Files.list(bundleDir)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
                }
            }
            assertFalse(bundles.isEmpty());
            framework.start();
            List<String> problems = new ArrayList<>();
            for (Bundle bundle : bundles) {
                boolean fragment = (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
                try {
                    if (!fragment) {
                        bundle.start();
                    }
                } catch (Exception e) {
                    problems.add(bundle.getSymbolicName() + ": " + e.getMessage());
                    continue;
                }
                int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
                if (bundle.getState() != expected) {
                    problems.add(bundle.getSymbolicName() + " is in state " + bundle.getState());
                }
            }
            assertEquals(List.of(), problems, "bundles that did not start");
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }
}
