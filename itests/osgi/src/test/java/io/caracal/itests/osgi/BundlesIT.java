package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** The runtime and demo features, as the feature poms list them, resolve and start in Felix. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesIT extends CaracalTestSupport {

    @Test
    public void everyInstalledBundleIsActive() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " is " + state(bundle.getState())
                        + ", expected " + state(expected));
            }
        }
        assertEquals("Bundles not started", List.of(), problems);
    }

    @Test
    public void everyFeatureBundleIsInstalledAndTheTestStrategyIsNot() {
        Set<String> installed = new TreeSet<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            installed.add(bundle.getSymbolicName());
        }
        Set<String> missing = new TreeSet<>();
        for (Path jar : FeatureBundles.list()) {
            String name = FeatureBundles.symbolicName(jar);
            if (!installed.contains(name)) {
                missing.add(name);
            }
        }
        assertEquals("Feature bundles not installed", Set.of(), missing);
        assertTrue("caracal-core must be among the feature bundles", installed.contains("io.caracal.core"));
        assertTrue("the test strategy is installed by StrategyHotSwapIT only, never at startup",
                !installed.contains("io.caracal.itest.strategy.first"));
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + state;
        };
    }
}
