package io.caracal.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void fullRefillAndPolicyWindow() {
        assertEquals(60_000_000_000L, new Limits(100, 60, 100).fullRefillNanos());
        assertEquals(60, new Limits(100, 60, 100).windowSeconds());
        assertEquals(2, new Limits(10, 1, 20).windowSeconds(), "20 at 10/s");
        assertEquals(2_500_000_000L, new Limits(2, 1, 5).fullRefillNanos());
        assertEquals(3, new Limits(2, 1, 5).windowSeconds(), "rounded up, never promising more");
        assertEquals(1, new Limits(1000, 1, 1).windowSeconds(), "at least a second");
        assertEquals(333_333_334L, new Limits(3, 1, 1).fullRefillNanos(), "rounded up");
    }

    @Test
    void extremesStayInRange() {
        Limits slowest = new Limits(1, RateLimitSettings.MAX_PERIOD_SECONDS, RateLimitSettings.MAX_BURST);
        assertEquals(Long.MAX_VALUE, slowest.fullRefillNanos());
        slowest.bandwidth();
        new Limits(RateLimitSettings.MAX_REQUESTS, 1, RateLimitSettings.MAX_BURST).bandwidth();
        new BucketTable(slowest, 1, new FakeClock()).bucket("a").tryConsume(1);
    }

    @Test
    void rejectsNonPositiveValues() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 1, 0));
    }
}
