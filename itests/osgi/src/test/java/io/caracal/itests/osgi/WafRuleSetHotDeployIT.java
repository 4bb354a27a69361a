package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * The requirement for WAF rule sets: a rule-set bundle is installed, updated and
 * uninstalled while requests flow through a route whose WAF filter names it, without a failed
 * request. The rule-set bundle is only rule files and a {@code Caracal-WafRuleSet} manifest header
 * (the WAF engine registers its service); it is built by the test. Ordinary requests must all get
 * 200 throughout; probe requests show each version's rule taking effect and going away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WafRuleSetHotDeployIT extends CaracalTestSupport {

    private static final String WAF_PID = "io.caracal.filter.waf";
    private static final String RULES_BSN = "io.caracal.itest.waf.rules";
    private static final int CLIENTS = 4;
    private static final int CYCLES = 3;
    /** Replies that must arrive after each change took effect, so every phase carries real traffic. */
    private static final int SETTLE = 300;

    private Bundle rules;

    @Before
    public void startOriginsAndListener() throws Exception {
        startDemoOrigins();
        startListener();
        cluster("c1", "round-robin", demo(demo1Port), demo(demo2Port));
    }

    @After
    public void cleanUp() throws Exception {
        if (rules != null && rules.getState() != Bundle.UNINSTALLED) {
            rules.uninstall();
        }
        deleteFactoryConfiguration(WAF_PID, "shield");
    }

    @Test
    public void aRuleSetBundleIsInstalledUpdatedAndUninstalledUnderLoadWithoutAFailedRequest() throws Exception {
        factoryConfiguration(WAF_PID, "shield", Map.of("name", "shield", "rulesets", "shop-rules"));
        Map<String, Object> route = new LinkedHashMap<>(routeProperties("shop", "*", "/", "c1"));
        route.put("filters", "shield");
        factoryConfiguration(ROUTE_PID, "shop", route);
        // Without its rule set the filter lets requests through (and logs a warning).
        awaitStatus(null, "/?q=forbidden-v1", 200);

        Map<String, Integer> phases = new LinkedHashMap<>();
        try (StrategyHotSwapUnderLoadIT.Load load = StrategyHotSwapUnderLoadIT.Load.start(http, listenerPort, CLIENTS)) {
            int mark = load.mark();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                rules = bundleContext.installBundle("itest:waf-rules", ruleSetBundle("1.0.0", "forbidden-v1"));
                rules.start();
                awaitStatus(null, "/?q=forbidden-v1", 403);
                assertEquals(200, get("/?q=forbidden-v2").status());
                settle(load);
                phases.put(cycle + ": without rules", load.mark() - mark);
                mark = load.mark();

                rules.update(ruleSetBundle("2.0.0", "forbidden-v2"));
                assertEquals(new Version(2, 0, 0), rules.getVersion());
                awaitStatus(null, "/?q=forbidden-v2", 403);
                awaitStatus(null, "/?q=forbidden-v1", 200);
                settle(load);
                phases.put(cycle + ": v1", load.mark() - mark);
                mark = load.mark();

                rules.uninstall();
                awaitStatus(null, "/?q=forbidden-v2", 200);
                settle(load);
                phases.put(cycle + ": v2", load.mark() - mark);
                mark = load.mark();
                assertEquals("failed requests in cycle " + cycle, List.of(), load.failures());
            }
            // Traffic keeps flowing for a while after the last change.
            int end = load.mark();
            Await.until("more traffic after the last uninstall", () -> load.mark() >= end + 200);
            load.close();
            String summary = "WAF rule-set hot deploy under load: " + load.total() + " requests from " + CLIENTS
                    + " clients in " + load.elapsedMillis() + " ms, " + load.failureCount() + " failed; per phase " + phases;
            System.out.println(summary);
            assertEquals("failed requests (" + summary + ")", List.of(), load.failures());
            assertTrue("the load stopped by itself before the test was done: " + summary, !load.hitLimit());
        }
    }

    private static void settle(StrategyHotSwapUnderLoadIT.Load load) throws InterruptedException {
        int from = load.mark();
        Await.until(() -> SETTLE + " more replies; " + load.describeSince(from), () -> load.mark() >= from + SETTLE);
    }

    /** A rule-set bundle that is only a manifest header and one rule file denying a marker word. */
    private static ByteArrayInputStream ruleSetBundle(String version, String forbidden) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", RULES_BSN);
        main.putValue("Bundle-Version", version);
        main.putValue("Caracal-WafRuleSet", "shop-rules; path=/rules");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("rules/"));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("rules/shop.conf"));
            jar.write(("# shop rules " + version + "\n"
                    + "SecRule ARGS \"@contains " + forbidden + "\" \"id:100001,phase:2,deny,status:403,"
                    + "msg:'forbidden word %{MATCHED_VAR}'\"\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
