package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A balancing strategy bundle installed and uninstalled while requests flow: the cluster that asks
 * for it runs on round-robin until it arrives, switches to it, and falls back when it leaves, all
 * without a restart and without a failed request.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyHotSwapIT extends CaracalTestSupport {

    private static final String STRATEGY_BSN = "io.caracal.itest.strategy.first";
    /** A run this long cannot come from round-robin over two origins. */
    private static final int WINDOW = 10;

    private Bundle strategy;

    @Before
    public void startOriginsAndListener() throws Exception {
        startDemoOrigins();
        startListener();
    }

    @After
    public void uninstallStrategy() throws Exception {
        if (strategy != null && strategy.getState() != Bundle.UNINSTALLED) {
            strategy.uninstall();
        }
    }

    @Test
    public void strategyBundleSwapsInAndOutWhileServing() throws Exception {
        assertNull("the test strategy must not be installed at startup", installedStrategy());
        cluster("c2", "first", demo(demo1Port), demo(demo2Port));
        route("r2", "*", "/", "c2");
        awaitStatus(null, "/", 200);

        try (Traffic traffic = Traffic.start(http, listenerPort)) {
            // 'first' is not installed: round-robin stands in, both origins serve.
            int mark = traffic.mark();
            Await.until(() -> "round-robin fallback; origins " + traffic.originsSince(mark),
                    () -> traffic.lastOrigins(mark, WINDOW, Traffic.alternating()));

            Path jar = Path.of(Settings.require(Settings.STRATEGY_JAR));
            assertTrue("test strategy jar " + jar, Files.isRegularFile(jar));
            strategy = bundleContext.installBundle(jar.toUri().toString());
            strategy.start();
            int installed = traffic.mark();
            Await.until(() -> "only demo-1 once 'first' is installed; origins " + traffic.originsSince(installed),
                    () -> traffic.lastOrigins(installed, WINDOW, Traffic.all("demo-1")));
            // ... and it stays that way.
            int settled = traffic.mark();
            Await.until(() -> WINDOW * 2 + " more requests", () -> traffic.mark() >= settled + WINDOW * 2);
            assertEquals("origins after the switch", List.of("demo-1"),
                    traffic.originsSince(settled).stream().distinct().toList());

            strategy.uninstall();
            int uninstalled = traffic.mark();
            Await.until(() -> "round-robin again once 'first' is gone; origins " + traffic.originsSince(uninstalled),
                    () -> traffic.lastOrigins(uninstalled, WINDOW, Traffic.alternating()));

            traffic.close();
            assertEquals("requests that failed during the switches", List.of(), traffic.failures());
            assertTrue("traffic flowed: " + traffic.total(), traffic.total() > 3 * WINDOW);
        }
        assertNull("the strategy is gone again", installedStrategy());
    }

    private Bundle installedStrategy() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (STRATEGY_BSN.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
