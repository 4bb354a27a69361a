package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The standalone example project examples/custom-strategy, built the way its README says (its own
 * Maven build against caracal-api only; maven-invoker-plugin runs it before the tests), walked
 * through its README on a running distribution: copied into deploy/, its {@code canary} strategy
 * takes over the cluster that asks for it, sends exactly the configured share to the canary,
 * honours the override header and rejects a misconfigured cluster by name; deleted, the cluster
 * falls back to round-robin with a warning.
 */
class ExampleStrategyIT {

    /** System property with the example's jar (set by the failsafe configuration). */
    static final String JAR_PROPERTY = "caracal.example.strategy.jar";
    static final String BUNDLE = "com.example.caracal.canary";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP_HOST = "shop.test";
    /** percent=25: one request in four goes to the canary, demo-2. */
    private static final int PERIOD = 4;

    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("example-strategy");
        String canary = caracal.demo2Url().substring("http://".length());
        // As in the example's README: demo-2 runs the canary release and gets a quarter of the requests.
        caracal.writeConfig("io.caracal.cluster-shop.cfg", "name = shop",
                "upstreams = " + caracal.demo1Url() + ", " + caracal.demo2Url(),
                "strategy = canary",
                "strategy.options = canary=" + canary + ", percent=25");
        // A Host of its own shows that the shop route, not the default route, served a request.
        caracal.writeConfig("io.caracal.route-shop.cfg", "name = shop", "hosts = *", "path.prefix = /shop/",
                "cluster = shop", "host.header = " + SHOP_HOST);
        // A cluster whose canary is not one of its upstreams: the strategy must reject it by name.
        caracal.writeConfig("io.caracal.cluster-typo.cfg", "name = typo",
                "upstreams = " + caracal.demo1Url() + ", " + caracal.demo2Url(),
                "strategy = canary", "strategy.options = canary=127.0.0.1:1");
        caracal.start().awaitServing("/shop/");
        caracal.awaitConsole();
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    @Test
    void exampleStrategyDeploysBalancesAndUndeploysAsItsReadmeSays() throws Exception {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "(" + JAR_PROPERTY + " not set)"));
        assertTrue(Files.isRegularFile(jar), "example strategy jar " + jar
                + "; maven-invoker-plugin builds it in pre-integration-test: run with mvn verify");
        assertNull(bundleState(BUNDLE), "not installed before the jar is deployed");
        caracal.awaitLogLine("Cluster 'shop' asks for strategy 'canary', which is not installed; falling back to round-robin");
        List<String> before = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                "the shop route to alternate (strategy 'canary' is not installed: round-robin stands in)",
                () -> origins(8, null), ExampleStrategyIT::alternates);
        System.out.println("before deploying the example: " + before);

        Path deployed = caracal.deploy(jar);
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "bundle " + BUNDLE + " to be Active in bundles.json",
                () -> bundleState(BUNDLE), "Active"::equals);
        List<String> withCanary = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                "every " + PERIOD + "th request to go to the canary (demo-2), the others to demo-1",
                () -> origins(3 * PERIOD, null), ExampleStrategyIT::oneInEveryPeriodToCanary);
        System.out.println("with strategy 'canary': " + withCanary);
        // The share is exact, not random: 40 more requests, 10 for the canary.
        List<String> forty = origins(40, null);
        assertEquals(10, Collections.frequency(forty, "demo-2"), "canary requests among 40: " + forty);
        assertTrue(oneInEveryPeriodToCanary(forty), "evenly spread: " + forty);

        assertEquals(Collections.nCopies(PERIOD, "demo-2"), origins(PERIOD, "always"), "X-Canary: always");
        assertEquals(Collections.nCopies(PERIOD, "demo-1"), origins(PERIOD, "never"), "X-Canary: never");

        String rejected = caracal.awaitLogLine("Strategy 'canary' (bundle " + BUNDLE, "rejected cluster 'typo'",
                "'127.0.0.1:1' is not an upstream of cluster 'typo'", "falling back to round-robin");
        System.out.println("misconfigured cluster: " + rejected);

        int logLength = caracal.log().length();
        Files.delete(deployed);
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "bundle " + BUNDLE + " to be uninstalled",
                () -> bundleState(BUNDLE), state -> state == null);
        List<String> afterRemoval = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                "requests to alternate again", () -> origins(8, null), ExampleStrategyIT::alternates);
        System.out.println("after removing the jar: " + afterRemoval);
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the fallback warning to be logged again",
                () -> caracal.log().substring(logLength),
                log -> log.contains("Cluster 'shop' asks for strategy 'canary', which is not installed"));
    }

    /**
     * The demo origins that answered {@code count} consecutive requests to the shop route, with
     * {@code X-Canary: override} unless null; a request the shop route did not serve (it is not
     * loaded yet) shows as "(other route)".
     */
    private static List<String> origins(int count, String override) throws IOException, InterruptedException {
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = override == null
                    ? Http.get(caracal.url("/shop/" + i))
                    : Http.get(caracal.url("/shop/" + i), "X-Canary", override);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode echo = JSON.readTree(response.body());
            boolean shopRoute = SHOP_HOST.equals(echo.path("headers").path("Host").asText());
            origins.add(shopRoute ? echo.path("origin").asText() : "(other route)");
        }
        return origins;
    }

    private static boolean alternates(List<String> origins) {
        for (int i = 1; i < origins.size(); i++) {
            if (origins.get(i).equals(origins.get(i - 1))) {
                return false;
            }
        }
        return origins.containsAll(List.of("demo-1", "demo-2"));
    }

    /** Only demo-1 and demo-2, and every {@value #PERIOD} consecutive requests hold exactly one demo-2. */
    private static boolean oneInEveryPeriodToCanary(List<String> origins) {
        if (!List.of("demo-1", "demo-2").containsAll(origins) || origins.size() < PERIOD) {
            return false;
        }
        for (int i = 0; i + PERIOD <= origins.size(); i++) {
            if (Collections.frequency(origins.subList(i, i + PERIOD), "demo-2") != 1) {
                return false;
            }
        }
        return true;
    }

    /** The state of a bundle as the web console reports it, or null when it is not installed. */
    private static String bundleState(String symbolicName) throws IOException, InterruptedException {
        HttpResponse<String> response = caracal.console("/system/console/bundles.json");
        assertEquals(200, response.statusCode(), "bundles.json: " + response.body());
        for (JsonNode bundle : JSON.readTree(response.body()).path("data")) {
            if (symbolicName.equals(bundle.path("symbolicName").asText())) {
                return bundle.path("state").asText();
            }
        }
        return null;
    }
}
