package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The strategies of the runtime feature, through a real listener under concurrent clients, with
 * three origins of which one answers {@value #SLOW_MILLIS} ms late. Load- and latency-aware
 * strategies must send the slow origin clearly less than its share; round-robin gives it a third
 * regardless, which shows that the measurement tells them apart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyDistributionIT extends CaracalTestSupport {

    static final long SLOW_MILLIS = 200;
    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 40;
    /** Bounds a whole run: round-robin, the slowest, needs about 3 s on an idle machine. */
    private static final long RUN_TIMEOUT_SECONDS = 90;

    @Before
    public void startTheListener() throws Exception {
        startListener();
    }

    @Test
    public void leastConnectionsSendsLittleToTheSlowOrigin() throws Exception {
        assertSlowOriginAvoided(distribution("least-connections"));
    }

    @Test
    public void peakEwmaSendsLittleToTheSlowOrigin() throws Exception {
        assertSlowOriginAvoided(distribution("peak-ewma"));
    }

    @Test
    public void roundRobinGivesTheSlowOriginAThird() throws Exception {
        Map<String, Integer> counts = distribution("round-robin");
        double slowShare = share(counts, "slow");
        assertTrue("round-robin: slow share " + slowShare + " should be about 1/3: " + counts,
                slowShare > 0.25 && slowShare < 0.42);
    }

    @Test
    public void randomStrategiesServeEveryOrigin() throws Exception {
        for (String strategy : List.of("random", "power-of-two")) {
            try (TestOrigins origins = new TestOrigins()) {
                String[] upstreams = startOrigins(origins, 0);
                Map<String, Integer> counts = new TreeMap<>();
                String host = useCluster(strategy, upstreams);
                // Sequential requests find every origin idle: both draw at random, so 90 requests
                // miss one of three origins with a probability of about 1e-15.
                for (int i = 0; i < 90; i++) {
                    Http.Reply reply = get(host, "/seq/" + i);
                    assertEquals(strategy + " request " + i + ": " + reply, 200, reply.status());
                    counts.merge(reply.origin(), 1, Integer::sum);
                }
                assertEquals(strategy + ": " + counts, List.of("fast-1", "fast-2", "slow"), List.copyOf(counts.keySet()));
            }
        }
    }

    private static void assertSlowOriginAvoided(Map<String, Integer> counts) {
        double slowShare = share(counts, "slow");
        assertTrue("slow share " + slowShare + " should stay under 20 %: " + counts, slowShare < 0.20);
        int slow = counts.getOrDefault("slow", 0);
        assertTrue("each fast origin gets more than the slow one: " + counts,
                slow < counts.getOrDefault("fast-1", 0) && slow < counts.getOrDefault("fast-2", 0));
    }

    private static double share(Map<String, Integer> counts, String origin) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return counts.getOrDefault(origin, 0) / (double) total;
    }

    /**
     * Runs {@link #CLIENTS} concurrent clients of {@link #REQUESTS_PER_CLIENT} requests each against
     * fresh origins balanced by {@code strategy}, and counts which origin answered.
     */
    private Map<String, Integer> distribution(String strategy) throws Exception {
        try (TestOrigins origins = new TestOrigins()) {
            String[] upstreams = startOrigins(origins, SLOW_MILLIS);
            // Warm up the request path (class loading, JIT, connections) on a cluster of its own:
            // upstream state belongs to its cluster, so the measured cluster starts from scratch
            // and no cold-start latency lingers in its averages.
            cluster("warm-up", "round-robin", upstreams);
            route("warm-up", "warm-up.test", "/", "warm-up");
            awaitStatus("warm-up.test", "/", 200);
            load("warm-up.test", 2);

            String host = useCluster(strategy, upstreams);
            long started = System.nanoTime();
            Map<String, Integer> counts = load(host, REQUESTS_PER_CLIENT);
            // Kept in target/failsafe-reports/*-output.txt: how close a run came to the limits.
            System.out.println("StrategyDistributionIT " + strategy + ": " + counts + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            assertEquals(strategy + ": every request answered: " + counts, CLIENTS * REQUESTS_PER_CLIENT,
                    counts.values().stream().mapToInt(Integer::intValue).sum());
            return counts;
        }
    }

    /** Starts fast-1, fast-2 and slow; returns their host:port in that order. */
    private static String[] startOrigins(TestOrigins origins, long slowMillis) throws Exception {
        return new String[] {
            demo(origins.start("fast-1", 0)),
            demo(origins.start("fast-2", 0)),
            demo(origins.start("slow", slowMillis)),
        };
    }

    /**
     * Makes a cluster named after {@code strategy} and balanced by it, once that strategy is there,
     * and a route to it; returns the Host that the route serves.
     */
    private String useCluster(String strategy, String... upstreams) throws Exception {
        // The strategy bundles are part of the runtime feature; their components may still be on
        // their way up when the first test starts. A cluster made before would run on round-robin.
        String filter = "(&(objectClass=io.caracal.api.balancer.BalancingStrategy)(caracal.strategy=" + strategy + "))";
        Await.until("strategy service " + filter, () -> bundleContext.getServiceReferences((String) null, filter) != null);
        String host = strategy + ".test";
        cluster(strategy, strategy, upstreams);
        route(strategy, host, "/", strategy);
        awaitStatus(host, "/", 200);
        return host;
    }

    /**
     * {@link #CLIENTS} threads sending {@code requests} requests each, all at once; counts the
     * origins that answered. Any failed request fails the test.
     */
    private Map<String, Integer> load(String host, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    start.await();
                    List<String> answered = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        String path = "/load/" + client + "/" + i;
                        Http.Reply reply = get(host, path);
                        if (reply.status() != 200 || reply.origin() == null) {
                            throw new AssertionError(path + ": " + reply);
                        }
                        answered.add(reply.origin());
                    }
                    return answered;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_SECONDS);
            Map<String, Integer> counts = new TreeMap<>();
            for (Future<List<String>> result : results) {
                for (String origin : result.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    counts.merge(origin, 1, Integer::sum);
                }
            }
            return counts;
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
