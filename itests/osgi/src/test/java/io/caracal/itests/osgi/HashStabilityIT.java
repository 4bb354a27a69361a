package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The {@code consistent-hash} strategy keyed by a header, through a real listener to three demo
 * origins: each user sticks to one origin, and removing an upstream from the cluster moves only
 * the users that were on it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HashStabilityIT extends CaracalTestSupport {

    private static final String STRATEGY = "consistent-hash";
    private static final String BUNDLE = "io.caracal.balancer.hash";
    private static final String CLUSTER = "hashed";
    private static final String USER_HEADER = "X-User";
    private static final int USERS = 30;
    private static final int REPEATS = 3;
    private static final int ORIGINS = 3;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    /** Demo origin name (demo-1 …) to its port. */
    private final Map<String, Integer> origins = new TreeMap<>();

    @Before
    public void startOriginsAndListener() throws Exception {
        startThreeDemoOrigins();
        startListener();
    }

    @Test
    public void usersStickToAnOriginAndOnlyTheRemovedOriginsUsersMove() throws Exception {
        assertStrategyRegistered();
        List<String> all = new ArrayList<>(origins.keySet());
        hashedCluster(all);
        route("hashed-route", "*", "/", CLUSTER);
        awaitStatus(null, "/", 200);
        // The cluster balances with consistent-hash (not the round-robin fallback) once one user
        // keeps getting the same origin: round-robin would rotate through the three.
        Await.until("one user to stick to one origin", () -> {
            String first = origin("probe");
            for (int i = 0; i < ORIGINS + 1; i++) {
                if (!first.equals(origin("probe"))) {
                    return false;
                }
            }
            return true;
        });

        Map<String, String> before = stickyOrigins();
        Map<String, Integer> load = usersPerOrigin(before);
        assertTrue("users spread over more than one origin: " + load, load.size() > 1);
        String requestsWithoutHeader = originWithoutHeader();
        for (int i = 0; i < REPEATS; i++) {
            assertEquals("without the header, the client address (always 127.0.0.1) is the key",
                    requestsWithoutHeader, originWithoutHeader());
        }

        // Remove the origin with the most users, so that some users have to move.
        String removed = load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> remaining = new ArrayList<>(all);
        remaining.remove(removed);
        hashedCluster(remaining);
        Await.until(() -> "no user served by the removed " + removed, () -> {
            for (int user = 0; user < USERS; user++) {
                if (removed.equals(origin(user(user)))) {
                    return false;
                }
            }
            return true;
        });

        Map<String, String> after = stickyOrigins();
        int moved = 0;
        for (int user = 0; user < USERS; user++) {
            String name = user(user);
            String was = before.get(name);
            String is = after.get(name);
            if (was.equals(removed)) {
                assertNotEquals(name + " left the removed origin", removed, is);
                assertTrue(name + " moved to a remaining origin: " + is, remaining.contains(is));
                moved++;
            } else {
                assertEquals(name + " was on " + was + ", which stayed: it keeps it", was, is);
            }
        }
        assertEquals("users that moved (those of " + removed + ", before: " + before + ", after: " + after + ")",
                load.get(removed).intValue(), moved);
    }

    // ---------------------------------------------------------------- helpers

    /** Each user's origin, after checking that {@value #REPEATS} requests of that user all agree. */
    private Map<String, String> stickyOrigins() throws Exception {
        Map<String, String> origins = new LinkedHashMap<>();
        for (int user = 0; user < USERS; user++) {
            String name = user(user);
            String first = origin(name);
            for (int repeat = 1; repeat < REPEATS; repeat++) {
                assertEquals(name + " sticks to its origin (request " + (repeat + 1) + ")", first, origin(name));
            }
            origins.put(name, first);
        }
        return origins;
    }

    private static Map<String, Integer> usersPerOrigin(Map<String, String> userOrigins) {
        Map<String, Integer> load = new TreeMap<>();
        userOrigins.values().forEach(origin -> load.merge(origin, 1, Integer::sum));
        return load;
    }

    private static String user(int user) {
        return "user-" + user;
    }

    /** The origin that answers a request of {@code user} through the listener; fails on anything but 200. */
    private String origin(String user) throws Exception {
        return send(HttpRequest.newBuilder(uri("/whoami?user=" + user)).header(USER_HEADER, user));
    }

    private String originWithoutHeader() throws Exception {
        return send(HttpRequest.newBuilder(uri("/anonymous")));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("status of " + response.uri() + ": " + response.body(), 200, response.statusCode());
        String origin = response.headers().firstValue("X-Demo-Origin").orElse(null);
        assertNotNull("X-Demo-Origin of " + response.uri(), origin);
        return origin;
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://" + Http.LOOPBACK + ":" + listenerPort + pathAndQuery);
    }

    private void hashedCluster(List<String> originNames) throws Exception {
        List<String> upstreams = new ArrayList<>();
        for (String name : originNames) {
            upstreams.add("http://" + demo(origins.get(name)));
        }
        factoryConfiguration(CLUSTER_PID, CLUSTER, Map.of(
                "name", CLUSTER,
                "upstreams", String.join(", ", upstreams),
                "strategy", STRATEGY,
                "strategy.options", "key=header:" + USER_HEADER,
                "connect.timeout.ms", "2000"));
    }

    private void assertStrategyRegistered() throws Exception {
        Bundle bundle = null;
        for (Bundle candidate : bundleContext.getBundles()) {
            if (BUNDLE.equals(candidate.getSymbolicName())) {
                bundle = candidate;
            }
        }
        assertNotNull(BUNDLE + " is installed (runtime feature)", bundle);
        assertEquals(BUNDLE + " is active", Bundle.ACTIVE, bundle.getState());
        String filter = "(&(objectClass=io.caracal.api.balancer.BalancingStrategy)(caracal.strategy=" + STRATEGY + "))";
        Await.until("the " + STRATEGY + " strategy service", () -> {
            ServiceReference<?>[] references = bundleContext.getServiceReferences((String) null, filter);
            return references != null && references.length == 1;
        });
    }

    /** Enables demo-1 … demo-3 on free ports and waits until each answers with its name. */
    private void startThreeDemoOrigins() throws Exception {
        http = http == null ? new Http() : http;
        for (int attempt = 1; attempt <= 3; attempt++) {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < ORIGINS) {
                int port = freePort();
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
            update(DEMO_PID, Map.of("enabled", "true", "host", Http.LOOPBACK,
                    "ports", ports.get(0) + ", " + ports.get(1) + ", " + ports.get(2)));
            // A port found free can be taken before the origin binds it: then try other ports.
            if (Await.holds(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < ORIGINS; i++) {
                    if (!("demo-" + (i + 1)).equals(http.get(ports.get(i), "/").origin())) {
                        return false;
                    }
                }
                return true;
            })) {
                origins.clear();
                for (int i = 0; i < ORIGINS; i++) {
                    origins.put("demo-" + (i + 1), ports.get(i));
                }
                return;
            }
        }
        throw new AssertionError("The three demo origins did not open free ports in 3 attempts");
    }
}
