package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

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
 * The issue's requirement: install, update and uninstall a strategy bundle while requests flow,
 * with zero failed requests. Several keep-alive clients send requests through a listener to two
 * origins while the cluster's strategy {@code first} is installed (version 1: everything to the
 * first upstream), updated in place with {@link Bundle#update(InputStream)} to version 2 (everything
 * to the last upstream), and uninstalled (round-robin takes over), {@value #CYCLES} times in a row.
 * Each switch is observed in the traffic itself and must hold for a while, and every single
 * response must be a 200. The test prints the number of requests (about 10 s of load).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyHotSwapUnderLoadIT extends CaracalTestSupport {

    private static final String STRATEGY_BSN = "io.caracal.itest.strategy.first";
    private static final String V2_JAR = "caracal-itest-strategy-first-v2.jar";
    private static final Version V2 = new Version(2, 0, 0);
    /** Concurrent clients, each on its own keep-alive connection(s). */
    private static final int CLIENTS = 6;
    /** The load stops by itself after this long or this many requests, whatever the test does. */
    private static final long MAX_LOAD_MILLIS = 60_000;
    private static final int MAX_REQUESTS = 500_000;
    /**
     * Consecutive replies (in completion order) that must all come from one origin to call a
     * switch done. Round-robin over two origins cannot produce such a run.
     */
    private static final int WINDOW = 60;
    /**
     * After a switch was observed, this many more replies, and this long, must still match: the
     * switch holds, and each phase carries real traffic (about 10 s in all).
     */
    private static final int SETTLE = 200;
    private static final long SETTLE_MILLIS = 1000;
    /** Install, update, uninstall: this many times in a row, under the same load. */
    private static final int CYCLES = 3;

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
    public void installUpdateUninstallUnderLoadWithoutAFailedRequest() throws Exception {
        assertNull("the test strategy must not be installed at startup", installedStrategy());
        Path v1 = Path.of(Settings.require(Settings.STRATEGY_JAR));
        Path v2 = v1.resolveSibling(V2_JAR);
        assertTrue("test strategy jar " + v1, Files.isRegularFile(v1));
        assertTrue("test strategy v2 jar " + v2 + " (itests/test-strategy-v2, copied by the pom)", Files.isRegularFile(v2));

        cluster("swap", "first", demo(demo1Port), demo(demo2Port));
        route("swap", "*", "/", "swap");
        awaitStatus(null, "/", 200);

        Map<String, Integer> phases = new LinkedHashMap<>();
        try (Load load = Load.start(http, listenerPort, CLIENTS)) {
            // 'first' is not installed: round-robin stands in, both origins serve.
            int mark = load.mark();
            awaitTraffic(load, mark, "round-robin before the first install", Load.bothOrigins());
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                strategy = bundleContext.installBundle(v1.toUri().toString());
                strategy.start();
                phases.put(cycle + ": round-robin", load.mark() - mark);
                mark = load.mark();
                awaitTraffic(load, mark, "cycle " + cycle + ", v1 (" + strategy.getVersion() + "): only demo-1",
                        Load.only("demo-1"));

                try (InputStream in = Files.newInputStream(v2)) {
                    strategy.update(in);
                }
                assertEquals("version after the update", V2, strategy.getVersion());
                assertEquals("state after the update", Bundle.ACTIVE, strategy.getState());
                phases.put(cycle + ": v1", load.mark() - mark);
                mark = load.mark();
                awaitTraffic(load, mark, "cycle " + cycle + ", v2 (" + V2 + "): only demo-2", Load.only("demo-2"));

                strategy.uninstall();
                phases.put(cycle + ": v2", load.mark() - mark);
                mark = load.mark();
                awaitTraffic(load, mark, "cycle " + cycle + ", round-robin again after the uninstall",
                        Load.bothOrigins());
            }
            phases.put("end: round-robin", load.mark() - mark);

            load.close();
            String summary = "hot swap under load: " + load.total() + " requests from " + CLIENTS + " clients in "
                    + load.elapsedMillis() + " ms, " + load.failureCount() + " failed; replies per phase " + phases;
            System.out.println(summary);
            assertEquals("failed requests during install, update and uninstall (" + summary + ")",
                    List.of(), load.failures());
            assertTrue("the load stopped by itself before the test was done: " + summary, !load.hitLimit());
        }
        assertNull("the strategy is gone again", installedStrategy());
    }

    /**
     * Waits until the last {@link #WINDOW} replies after {@code mark} satisfy {@code expected}
     * (the switch happened), then for {@link #SETTLE} more replies and {@link #SETTLE_MILLIS}, and
     * checks that all of those satisfy it too (the switch holds), except the first reply of each
     * client, which may have been picked before the switch.
     */
    private static void awaitTraffic(Load load, int mark, String what, Predicate<List<String>> expected)
            throws InterruptedException {
        Await.until(() -> what + "; " + load.describeSince(mark), () -> load.lastMatch(mark, WINDOW, expected));
        int seen = load.mark();
        long settleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        Await.until(() -> what + ": " + SETTLE + " replies and " + SETTLE_MILLIS + " ms more; " + load.describeSince(seen),
                () -> load.mark() >= seen + SETTLE && System.nanoTime() - settleUntil >= 0);
        List<String> settled = load.originsSince(seen);
        assertTrue(what + " must hold once observed; " + load.describeSince(seen), expected.test(settled));
        assertEquals("failed requests while waiting for " + what, List.of(), load.failures());
    }

    private Bundle installedStrategy() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (STRATEGY_BSN.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /**
     * Concurrent keep-alive clients sending GET requests through the listener until closed, or
     * until a time and a count limit. The origins of the replies are kept in completion order;
     * anything but a 200 from a demo origin is a failure.
     */
    static final class Load implements AutoCloseable {

        /** A short pause per client between requests, so the framework is not starved on 2 cores. */
        private static final long PACING_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
        private static final int MAX_FAILURES_KEPT = 50;

        private final Http http;
        private final int port;
        private final List<Thread> threads = new ArrayList<>();
        private final List<String> origins = new ArrayList<>();
        /** The client of each reply in {@link #origins}. */
        private final List<Integer> clients = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private final long startNanos = System.nanoTime();
        private volatile boolean running = true;
        private volatile boolean hitLimit;
        private volatile long stopNanos;
        private int failureCount;

        private Load(Http http, int port) {
            this.http = http;
            this.port = port;
        }

        static Load start(Http http, int port, int clients) {
            Load load = new Load(http, port);
            for (int i = 0; i < clients; i++) {
                int client = i;
                Thread thread = new Thread(() -> load.run(client), "itest-load-" + i);
                thread.setDaemon(true);
                load.threads.add(thread);
            }
            load.threads.forEach(Thread::start);
            return load;
        }

        private void run(int client) {
            long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(MAX_LOAD_MILLIS);
            int sequence = 0;
            while (running) {
                if (System.nanoTime() - deadline > 0 || total() >= MAX_REQUESTS) {
                    hitLimit = true;
                    return;
                }
                String path = "/load/" + client + "/" + sequence++;
                try {
                    Http.Reply reply = http.get(port, path);
                    boolean ok = reply.status() == 200 && reply.origin() != null;
                    record(client, reply.origin(), ok ? null : path + ": " + reply);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    record(client, null, path + ": " + e);
                }
                LockSupport.parkNanos(PACING_NANOS);
            }
        }

        private synchronized void record(int client, String origin, String failure) {
            origins.add(origin);
            clients.add(client);
            if (failure != null) {
                failureCount++;
                if (failures.size() < MAX_FAILURES_KEPT) {
                    failures.add("#" + origins.size() + " " + failure);
                }
            }
        }

        synchronized int mark() {
            return origins.size();
        }

        synchronized int total() {
            return origins.size();
        }

        /** At most {@value #MAX_FAILURES_KEPT} of them, each with its position in the run. */
        synchronized List<String> failures() {
            List<String> out = new ArrayList<>(failures);
            if (failureCount > failures.size()) {
                out.add("... " + (failureCount - failures.size()) + " more");
            }
            return out;
        }

        synchronized int failureCount() {
            return failureCount;
        }

        boolean hitLimit() {
            return hitLimit;
        }

        long elapsedMillis() {
            long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
            return TimeUnit.NANOSECONDS.toMillis(end - startNanos);
        }

        /** Whether there are {@code count} replies after {@code mark} and the last {@code count} satisfy {@code test}. */
        synchronized boolean lastMatch(int mark, int count, Predicate<List<String>> test) {
            int size = origins.size();
            return size - mark >= count && test.test(origins.subList(size - count, size));
        }

        /**
         * The origins of the replies after {@code mark} but each client's first: that request may
         * have been under way (its upstream picked) before the mark.
         */
        synchronized List<String> originsSince(int mark) {
            List<String> out = new ArrayList<>();
            Set<Integer> seenClients = new HashSet<>();
            for (int i = mark; i < origins.size(); i++) {
                if (!seenClients.add(clients.get(i))) {
                    out.add(origins.get(i));
                }
            }
            return out;
        }

        /** Counts per origin since {@code mark}, and the last few, for failure messages. */
        synchronized String describeSince(int mark) {
            List<String> since = origins.subList(Math.min(mark, origins.size()), origins.size());
            Map<String, Integer> counts = new LinkedHashMap<>();
            since.forEach(origin -> counts.merge(String.valueOf(origin), 1, Integer::sum));
            return since.size() + " replies since the mark " + counts + ", last "
                    + since.subList(Math.max(0, since.size() - 20), since.size()) + "; failures " + failures();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(10_000); // a request under way finishes (or times out) first
            }
            if (stopNanos == 0) {
                stopNanos = System.nanoTime();
            }
        }

        static Predicate<List<String>> only(String origin) {
            return origins -> origins.stream().allMatch(origin::equals);
        }

        /** Both demo origins, each at least a third of the replies: round-robin over the two. */
        static Predicate<List<String>> bothOrigins() {
            return origins -> Collections.frequency(origins, "demo-1") * 3 >= origins.size()
                    && Collections.frequency(origins, "demo-2") * 3 >= origins.size()
                    && Collections.frequency(origins, "demo-1") + Collections.frequency(origins, "demo-2") == origins.size();
        }
    }
}
