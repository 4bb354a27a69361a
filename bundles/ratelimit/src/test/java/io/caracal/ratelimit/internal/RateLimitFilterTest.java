package io.caracal.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.testing.FakeFilterContext;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RateLimitFilterTest {

    private final FakeClock clock = new FakeClock();

    private RateLimitFilter filter(int requests, int periodSeconds, int burst, String key) {
        return filter(requests, periodSeconds, burst, key, true);
    }

    private RateLimitFilter filter(int requests, int periodSeconds, int burst, String key, boolean headers) {
        BucketTable table = new BucketTable(new Limits(requests, periodSeconds, burst), 1000, clock);
        return new RateLimitFilter(RequestKey.parse(key), table, headers);
    }

    private static int admitted(RateLimitFilter filter, int attempts, FakeFilterContext... contexts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            FakeFilterContext context = contexts.length == 0 ? new FakeFilterContext() : copy(contexts[0]);
            if (filter.apply(context).allowed()) {
                admitted++;
            }
        }
        return admitted;
    }

    private static FakeFilterContext copy(FakeFilterContext template) {
        FakeFilterContext copy = new FakeFilterContext().client(template.clientAddress()).route(template.route());
        String user = template.header("X-User");
        if (user != null) {
            copy.header("X-User", user);
        }
        copy.attributes().putAll(template.attributes());
        return copy;
    }

    @RepeatedTest(5)
    void admitsExactlyTheBurstOfManyConcurrentRequestsForOneKey() throws Exception {
        int burst = 50;
        int threads = 32;
        int perThread = 200;
        // One token a day: nothing refills while the test runs, on the real clock.
        BucketTable table = new BucketTable(new Limits(1, 86_400, burst), 1000, NanoClock.SYSTEM);
        RateLimitFilter filter = new RateLimitFilter(RequestKey.parse("ip"), table, true);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int[] counts = new int[2];
                    for (int i = 0; i < perThread; i++) {
                        FilterDecision decision = filter.apply(new FakeFilterContext().client("192.0.2.1"));
                        counts[decision.allowed() ? 0 : 1]++;
                    }
                    return counts;
                }));
            }
            int allowed = 0;
            int rejected = 0;
            for (Future<int[]> result : results) {
                int[] counts = result.get(30, TimeUnit.SECONDS);
                allowed += counts[0];
                rejected += counts[1];
            }
            assertEquals(burst, allowed);
            assertEquals(threads * perThread - burst, rejected);
            assertEquals(1, table.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refillsSmoothlyOverTime() {
        RateLimitFilter filter = filter(10, 1, 10, "ip");
        assertEquals(10, admitted(filter, 20));

        clock.advance(Duration.ofMillis(500));
        assertEquals(5, admitted(filter, 20));

        clock.advance(Duration.ofMillis(99));
        assertEquals(0, admitted(filter, 1), "a token takes 100 ms");
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, admitted(filter, 5));

        clock.advance(Duration.ofSeconds(60));
        assertEquals(10, admitted(filter, 20), "the bucket holds the burst at most");
    }

    @Test
    void burstIsIndependentOfTheRate() {
        RateLimitFilter filter = filter(100, 60, 5, "ip"); // 100/min, 5 at once
        assertEquals(5, admitted(filter, 10));
        clock.advance(Duration.ofMillis(600));
        assertEquals(1, admitted(filter, 10));
    }

    @Test
    void eachClientAddressHasItsOwnBucket() {
        RateLimitFilter filter = filter(1, 60, 3, "ip");
        assertEquals(3, admitted(filter, 10, new FakeFilterContext().client("192.0.2.1")));
        assertEquals(3, admitted(filter, 10, new FakeFilterContext().client("192.0.2.2")));
        assertEquals(0, admitted(filter, 1, new FakeFilterContext().client("192.0.2.1")));
    }

    @Test
    void eachHeaderValueHasItsOwnBucketWhateverTheAddress() {
        RateLimitFilter filter = filter(1, 60, 2, "header:X-User");
        assertEquals(2, admitted(filter, 5, new FakeFilterContext().client("192.0.2.1").header("X-User", "alice")));
        assertEquals(0, admitted(filter, 5, new FakeFilterContext().client("192.0.2.9").header("X-User", "alice")));
        assertEquals(2, admitted(filter, 5, new FakeFilterContext().client("192.0.2.1").header("X-User", "bob")));
    }

    @Test
    void requestsWithoutTheKeyHeaderAreNotLimited() {
        RateLimitFilter filter = filter(1, 60, 1, "header:X-User");
        assertEquals(100, admitted(filter, 100, new FakeFilterContext()));
        assertEquals(100, admitted(filter, 100, new FakeFilterContext().header("X-User", "  ")));
        FakeFilterContext context = new FakeFilterContext();
        filter.apply(context);
        assertTrue(context.responseHeaders.isEmpty(), "no bucket, no headers");
    }

    @Test
    void routeKeyIsOneBucketPerRouteForAllClients() {
        RateLimitFilter filter = filter(1, 60, 4, "route");
        assertEquals(2, admitted(filter, 2, new FakeFilterContext().route("api").client("192.0.2.1")));
        assertEquals(2, admitted(filter, 5, new FakeFilterContext().route("api").client("192.0.2.2")));
        assertEquals(4, admitted(filter, 5, new FakeFilterContext().route("web").client("192.0.2.1")));
    }

    @Test
    void ipPlusRouteKeySeparatesBoth() {
        RateLimitFilter filter = filter(1, 60, 2, "ip+route");
        assertEquals(2, admitted(filter, 5, new FakeFilterContext().route("api").client("192.0.2.1")));
        assertEquals(2, admitted(filter, 5, new FakeFilterContext().route("web").client("192.0.2.1")));
        assertEquals(2, admitted(filter, 5, new FakeFilterContext().route("api").client("192.0.2.2")));
    }

    @Test
    void claimKeyLimitsPerVerifiedIdentityAndSkipsAnonymousRequests() {
        RateLimitFilter filter = filter(1, 60, 2, "claim:sub");
        FakeFilterContext alice = new FakeFilterContext();
        alice.attributes().put(FilterContext.IDENTITY_CLAIMS, Map.of("sub", "alice"));
        FakeFilterContext bob = new FakeFilterContext();
        bob.attributes().put(FilterContext.IDENTITY_CLAIMS, Map.of("sub", "bob"));
        FakeFilterContext noSub = new FakeFilterContext();
        noSub.attributes().put(FilterContext.IDENTITY_CLAIMS, Map.of("iss", "x"));
        assertEquals(2, admitted(filter, 5, alice));
        assertEquals(2, admitted(filter, 5, bob));
        assertEquals(10, admitted(filter, 10, new FakeFilterContext()), "no identity: not limited");
        assertEquals(10, admitted(filter, 10, noSub), "no such claim: not limited");
    }

    @Test
    void numericClaimsAreKeysToo() {
        RateLimitFilter filter = filter(1, 60, 1, "claim:tenant");
        FakeFilterContext tenant = new FakeFilterContext();
        tenant.attributes().put(FilterContext.IDENTITY_CLAIMS, Map.of("tenant", 42));
        assertEquals(1, admitted(filter, 5, tenant));
    }

    @Test
    void longKeyValuesAreDigestedButStillDistinct() {
        RateLimitFilter filter = filter(1, 60, 1, "header:X-User");
        String a = "a".repeat(5000) + "1";
        String b = "a".repeat(5000) + "2";
        assertEquals(1, admitted(filter, 5, new FakeFilterContext().header("X-User", a)));
        assertEquals(0, admitted(filter, 5, new FakeFilterContext().header("X-User", a)));
        assertEquals(1, admitted(filter, 5, new FakeFilterContext().header("X-User", b)));
        assertTrue(KeyDigest.compact(a) instanceof KeyDigest);
        assertEquals(KeyDigest.compact(a), KeyDigest.compact(new String(a)));
        assertEquals("short", KeyDigest.compact("short"));
    }

    @Test
    void rejectionIs429WithRetryAfterAndRateLimitHeaders() {
        // 10 per minute: a token every 6 s; a full bucket of 5 takes 30 s.
        RateLimitFilter filter = filter(10, 60, 5, "ip");
        assertEquals(5, admitted(filter, 5));

        FilterDecision decision = filter.apply(new FakeFilterContext());
        assertFalse(decision.allowed());
        assertEquals(429, decision.status());
        assertEquals("rate limit exceeded", decision.reason());
        Map<String, String> headers = asMap(decision.headers());
        assertEquals(Map.of("Retry-After", "6", "RateLimit-Limit", "5", "RateLimit-Remaining", "0",
                "RateLimit-Reset", "30", "RateLimit-Policy", "5;w=30"), headers);

        clock.advance(Duration.ofMillis(2500));
        headers = asMap(filter.apply(new FakeFilterContext()).headers());
        assertEquals("4", headers.get("Retry-After"), "3.5 s rounded up");
        assertEquals("28", headers.get("RateLimit-Reset"), "27.5 s rounded up");
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        RateLimitFilter filter = filter(1000, 1, 1, "ip"); // a token every millisecond
        assertEquals(1, admitted(filter, 1));
        FilterDecision decision = filter.apply(new FakeFilterContext());
        assertFalse(decision.allowed());
        assertEquals("1", asMap(decision.headers()).get("Retry-After"));
        assertEquals("1", asMap(decision.headers()).get("RateLimit-Reset"));
        assertEquals("1;w=1", asMap(decision.headers()).get("RateLimit-Policy"));
    }

    @Test
    void admittedResponsesCarryLimitRemainingAndReset() {
        RateLimitFilter filter = filter(10, 60, 5, "ip");
        FakeFilterContext first = new FakeFilterContext();
        assertTrue(filter.apply(first).allowed());
        assertEquals("5", first.responseHeader("RateLimit-Limit"));
        assertEquals("4", first.responseHeader("RateLimit-Remaining"));
        assertEquals("6", first.responseHeader("RateLimit-Reset"));
        assertNull(first.responseHeader("RateLimit-Policy"));
        assertNull(first.responseHeader("Retry-After"));

        FakeFilterContext second = new FakeFilterContext();
        filter.apply(second);
        assertEquals("3", second.responseHeader("RateLimit-Remaining"));
        assertEquals("12", second.responseHeader("RateLimit-Reset"));

        clock.advance(Duration.ofSeconds(1)); // 1/6 token back: 2 1/6 left after the next request
        FakeFilterContext third = new FakeFilterContext();
        filter.apply(third);
        assertEquals("2", third.responseHeader("RateLimit-Remaining"));
        assertEquals("17", third.responseHeader("RateLimit-Reset"), "(5 - 2 1/6) x 6 s = 17 s");
    }

    @Test
    void headersOffLeavesAdmittedResponsesAloneButNot429s() {
        RateLimitFilter filter = filter(1, 60, 1, "ip", false);
        FakeFilterContext admitted = new FakeFilterContext();
        assertTrue(filter.apply(admitted).allowed());
        assertTrue(admitted.responseHeaders.isEmpty());
        FilterDecision rejected = filter.apply(new FakeFilterContext());
        assertEquals("60", asMap(rejected.headers()).get("Retry-After"));
        assertEquals("1", asMap(rejected.headers()).get("RateLimit-Limit"));
    }

    private static Map<String, String> asMap(List<Map.Entry<String, String>> headers) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        headers.forEach(e -> assertNull(map.put(e.getKey(), e.getValue()), "duplicate " + e.getKey()));
        return map;
    }
}
