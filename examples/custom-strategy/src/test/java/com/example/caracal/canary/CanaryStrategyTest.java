package com.example.caracal.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

import org.junit.jupiter.api.Test;

/** The strategy as Caracal calls it, with hand-made upstreams and requests: no OSGi needed. */
class CanaryStrategyTest {

    record TestUpstream(String id) implements Upstream {
        public String scheme() { return "http"; }
        public String host() { return id.substring(0, id.indexOf(':')); }
        public int port() { return Integer.parseInt(id.substring(id.indexOf(':') + 1)); }
        public int weight() { return 1; }
        public int inFlight() { return 0; }
        public long latencyEwmaNanos() { return 0; }
        public boolean healthy() { return true; }
    }

    /** A request with at most one header (names case-insensitive, as in Caracal). */
    record TestRequest(String headerName, String headerValue) implements RequestView {
        static final TestRequest PLAIN = new TestRequest(null, null);
        public String method() { return "GET"; }
        public String scheme() { return "http"; }
        public String host() { return "example.com"; }
        public String path() { return "/"; }
        public String query() { return null; }
        public String header(String name) { return name.equalsIgnoreCase(headerName) ? headerValue : null; }
        public List<String> headers(String name) {
            String value = header(name);
            return value == null ? List.of() : List.of(value);
        }
        public String clientAddress() { return "127.0.0.1"; }
        public int clientPort() { return 50000; }
    }

    private static final Upstream A = new TestUpstream("10.0.0.1:80");
    private static final Upstream B = new TestUpstream("10.0.0.2:80");
    private static final Upstream CANARY = new TestUpstream("10.0.0.9:80");
    private static final List<Upstream> ALL = List.of(A, B, CANARY);

    private static Balancer balancer(Map<String, String> options) {
        ClusterView cluster = new ClusterView() {
            public String name() { return "shop"; }
            public List<Upstream> upstreams() { return ALL; }
        };
        return new CanaryStrategy().create(cluster, options);
    }

    /** One letter per pick: a, b or C (the canary). */
    private static String picks(Balancer balancer, List<Upstream> candidates, RequestView request, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Upstream picked = balancer.pick(request, candidates);
            out.append(picked == A ? 'a' : picked == B ? 'b' : picked == CANARY ? 'C' : '?');
        }
        return out.toString();
    }

    @Test
    void theShareIsExactAndEven() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "25"));
        // Every fourth request goes to the canary; the others alternate over a and b.
        assertEquals("abaCbabCabaC", picks(balancer, ALL, TestRequest.PLAIN, 12));
    }

    @Test
    void fractionalPercentages() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "0.5"));
        String picks = picks(balancer, ALL, TestRequest.PLAIN, 1000);
        List<Integer> canaryRequests = new java.util.ArrayList<>();
        for (int i = picks.indexOf('C'); i >= 0; i = picks.indexOf('C', i + 1)) {
            canaryRequests.add(i + 1);
        }
        assertEquals(List.of(200, 400, 600, 800, 1000), canaryRequests, "0.5 %: every 200th request");
    }

    @Test
    void defaultShareIsFivePercent() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80"));
        assertEquals(50, picks(balancer, ALL, TestRequest.PLAIN, 1000).chars().filter(c -> c == 'C').count());
    }

    @Test
    void zeroAndHundredPercent() {
        assertEquals("abababab", picks(balancer(Map.of("canary", "10.0.0.9:80", "percent", "0")), ALL, TestRequest.PLAIN, 8));
        assertEquals("CCCCCCCC", picks(balancer(Map.of("canary", "10.0.0.9:80", "percent", "100")), ALL, TestRequest.PLAIN, 8));
    }

    @Test
    void headerForcesEitherWayAndDoesNotCount() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "50"));
        assertEquals("CCCC", picks(balancer, ALL, new TestRequest("X-Canary", "always"), 4));
        assertEquals("abab", picks(balancer, ALL, new TestRequest("x-canary", "NEVER"), 4));
        // The forced requests did not use up the canary's turns: ordinary traffic starts afresh.
        assertEquals("aCbC", picks(balancer, ALL, TestRequest.PLAIN, 4));
        assertEquals("aCbC", picks(balancer, ALL, new TestRequest("X-Canary", "maybe"), 4), "other values are ignored");
    }

    @Test
    void headerNameIsAnOption() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "0", "header", "X-Beta-Tester"));
        assertEquals("CC", picks(balancer, ALL, new TestRequest("X-Beta-Tester", "always"), 2));
        assertEquals("ab", picks(balancer, ALL, new TestRequest("X-Canary", "always"), 2));
    }

    @Test
    void anUnhealthyCanaryGetsNothing() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "50"));
        assertEquals("abab", picks(balancer, List.of(A, B), TestRequest.PLAIN, 4));
        assertEquals("abab", picks(balancer, List.of(A, B), new TestRequest("X-Canary", "always"), 4));
    }

    @Test
    void theCanaryAloneGetsEverything() {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "1"));
        assertEquals("CCC", picks(balancer, List.of(CANARY), new TestRequest("X-Canary", "never"), 3));
    }

    @Test
    void canaryMayBeGivenAsUrl() {
        Balancer balancer = balancer(Map.of("canary", "http://10.0.0.9:80", "percent", "100"));
        assertEquals("C", picks(balancer, ALL, TestRequest.PLAIN, 1));
    }

    @Test
    void concurrentPicksKeepTheShare() throws InterruptedException {
        Balancer balancer = balancer(Map.of("canary", "10.0.0.9:80", "percent", "10"));
        Map<Upstream, AtomicInteger> counts = new ConcurrentHashMap<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    counts.computeIfAbsent(balancer.pick(TestRequest.PLAIN, ALL), u -> new AtomicInteger()).incrementAndGet();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(10_000, counts.get(CANARY).get());
        assertEquals(45_000, counts.get(A).get());
        assertEquals(45_000, counts.get(B).get());
    }

    @Test
    void invalidOptionsAreRejectedByName() {
        assertMessage("option 'canary' is required", Map.of());
        assertMessage("'10.0.0.7:80' is not an upstream of cluster 'shop' (its upstreams: 10.0.0.1:80, 10.0.0.2:80, 10.0.0.9:80)",
                Map.of("canary", "10.0.0.7:80"));
        assertMessage("option 'percent': '101'", Map.of("canary", "10.0.0.9:80", "percent", "101"));
        assertMessage("option 'percent': '-1'", Map.of("canary", "10.0.0.9:80", "percent", "-1"));
        assertMessage("option 'percent': '0.125'", Map.of("canary", "10.0.0.9:80", "percent", "0.125"));
        assertMessage("option 'percent': 'ten'", Map.of("canary", "10.0.0.9:80", "percent", "ten"));
        assertMessage("option 'header': 'X Canary'", Map.of("canary", "10.0.0.9:80", "header", "X Canary"));
        assertMessage("unknown option 'percentage'", Map.of("canary", "10.0.0.9:80", "percentage", "5"));
    }

    private static void assertMessage(String expected, Map<String, String> options) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> balancer(options));
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
