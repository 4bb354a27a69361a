package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The filter bundles in a real framework: configured through ConfigurationAdmin, bound to routes
 * by name, and a route failing closed while its filter's bundle is stopped.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FilterBundlesIT extends CaracalTestSupport {

    private static final String RATELIMIT_PID = "io.caracal.filter.ratelimit";
    private static final String IPACCESS_PID = "io.caracal.filter.ipaccess";

    @Before
    public void startOriginsAndListener() throws Exception {
        startDemoOrigins();
        startListener();
        cluster("c1", "round-robin", demo(demo1Port), demo(demo2Port));
    }

    @After
    public void deleteFilterConfigurations() throws Exception {
        deleteFactoryConfiguration(RATELIMIT_PID, "tight");
        deleteFactoryConfiguration(IPACCESS_PID, "nobody");
    }

    private void filteredRoute(String name, String host, String filters) throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(routeProperties(name, host, "/", "c1"));
        properties.put("filters", filters);
        factoryConfiguration(ROUTE_PID, name, properties);
    }

    @Test
    public void aRateLimitFilterLimitsItsRouteAndTheRouteFailsClosedWhileItsBundleIsStopped() throws Exception {
        filteredRoute("limited", "limited.test", "tight");
        Http.Reply missing = awaitStatus("limited.test", "/", 503);
        assertTrue(missing.toString(), missing.body().contains("filter 'tight'"));

        // One token an hour: the burst of three is all there is.
        factoryConfiguration(RATELIMIT_PID, "tight", Map.of("name", "tight", "requests", "1", "period.s", "3600",
                "burst", "3"));
        awaitStatus("limited.test", "/", 200);
        assertEquals(200, get("limited.test", "/").status());
        assertEquals(200, get("limited.test", "/").status());
        Http.Reply limited = get("limited.test", "/");
        assertEquals(limited.toString(), 429, limited.status());

        Bundle ratelimit = bundle("io.caracal.ratelimit");
        ratelimit.stop();
        try {
            awaitStatus("limited.test", "/", 503);
        } finally {
            ratelimit.start();
        }
        // A new bundle activation starts with full buckets.
        awaitStatus("limited.test", "/", 200);
    }

    @Test
    public void anIpAccessFilterRefusesClientsOutsideItsAllowList() throws Exception {
        factoryConfiguration(IPACCESS_PID, "nobody", Map.of("name", "nobody", "allow", "192.0.2.0/24"));
        filteredRoute("closed", "closed.test", "nobody");
        route("open", "open.test", "/", "c1");
        Http.Reply refused = awaitStatus("closed.test", "/", 403);
        assertTrue(refused.toString(), refused.body().contains("127.0.0.1 is not allowed"));
        assertEquals("a route without the filter serves the same client", 200, awaitStatus("open.test", "/", 200).status());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        assertNotNull("bundle " + symbolicName + " is installed", null);
        return null;
    }
}
