package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plugin bundle dropped into deploy/ starts without a restart and its strategy takes over the
 * cluster that asks for it; removing the jar uninstalls it and round-robin takes over again.
 */
class HotDeployIT {

    /** System property with the test strategy jar (set by the failsafe configuration). */
    static final String STRATEGY_JAR_PROPERTY = "caracal.itest.strategy.jar";
    static final String STRATEGY_BUNDLE = "io.caracal.itest.strategy.first";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 6;
    private static final String PAIR_HOST = "pair.test";

    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("hot-deploy");
        // demo-2 first: "first" must pick the first configured upstream, not just demo-1.
        caracal.writeConfig("io.caracal.cluster-pair.cfg", "name = pair",
                "upstreams = " + caracal.demo2Url() + ", " + caracal.demo1Url(), "strategy = first");
        // A Host of its own shows that the pair route, not the default route, served a request.
        caracal.writeConfig("io.caracal.route-pair.cfg", "name = pair", "hosts = *", "path.prefix = /pair/",
                "cluster = pair", "host.header = " + PAIR_HOST);
        caracal.start().awaitServing("/pair/");
        caracal.awaitConsole();
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    @Test
    void strategyBundleDeploysAndUndeploysWhileRunning() throws Exception {
        Path jar = Path.of(System.getProperty(STRATEGY_JAR_PROPERTY, "(" + STRATEGY_JAR_PROPERTY + " not set)"));
        assertTrue(Files.isRegularFile(jar), "test strategy jar " + jar
                + "; build it with: mvn install -DskipTests -pl itests/test-strategy -am");
        assertNull(bundleState(STRATEGY_BUNDLE), "not installed before the jar is deployed");
        List<String> before = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                "the pair route to alternate (strategy 'first' is not installed: round-robin stands in)",
                HotDeployIT::origins, HotDeployIT::alternates);
        System.out.println("before deploying the strategy: " + before);

        Path deployed = caracal.deploy(jar);
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "bundle " + STRATEGY_BUNDLE + " to be Active in bundles.json",
                () -> bundleState(STRATEGY_BUNDLE), "Active"::equals);
        List<String> withStrategy = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                REQUESTS + " requests in a row to go to the first upstream (demo-2)",
                HotDeployIT::origins, origins -> origins.stream().allMatch("demo-2"::equals));
        System.out.println("with strategy 'first': " + withStrategy);

        Files.delete(deployed);
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "bundle " + STRATEGY_BUNDLE + " to be uninstalled",
                () -> bundleState(STRATEGY_BUNDLE), state -> state == null);
        List<String> afterRemoval = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                "requests to alternate again", HotDeployIT::origins, HotDeployIT::alternates);
        System.out.println("after removing the jar: " + afterRemoval);
    }

    /**
     * The demo origins that answered {@value #REQUESTS} consecutive requests to the pair route;
     * a request the pair route did not serve (it is not loaded yet) shows as "(other route)".
     */
    private static List<String> origins() throws IOException, InterruptedException {
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = Http.get(caracal.url("/pair/" + i));
            assertEquals(200, response.statusCode(), response.body());
            JsonNode echo = JSON.readTree(response.body());
            boolean pairRoute = PAIR_HOST.equals(echo.path("headers").path("Host").asText());
            origins.add(pairRoute ? echo.path("origin").asText() : "(other route)");
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
