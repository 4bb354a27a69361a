package io.caracal.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.RequestFilter;
import io.caracal.api.testing.FakeFilterContext;

import org.junit.jupiter.api.Test;

class RateLimitKeeperTest {

    /** Records what the keeper published, as the OSGi registry would hold it. */
    private static final class FakeRegistry {
        final List<String> events = new ArrayList<>();
        String name;
        RequestFilter filter;

        public void publish(String name, RequestFilter filter) {
            events.add("publish " + name);
            this.name = name;
            this.filter = filter;
        }

        public void withdraw() {
            events.add("withdraw");
            name = null;
            filter = null;
        }
    }

    private final FakeRegistry registry = new FakeRegistry();
    private final RateLimitKeeper keeper = new RateLimitKeeper(registry::publish, registry::withdraw, new FakeClock());

    private static Map<String, Object> config(String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.caracal.filter.ratelimit~api");
        properties.put("name", "api");
        properties.put("requests", "2");
        properties.put("period.s", "60");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private boolean allowed() {
        return registry.filter.apply(new FakeFilterContext()).allowed();
    }

    @Test
    void publishesAValidConfigurationUnderItsName() {
        keeper.configure(config());
        assertEquals(List.of("publish api"), registry.events);
        assertTrue(allowed());
        assertTrue(allowed());
        assertFalse(allowed());
    }

    @Test
    void aBadConfigurationRegistersNothing() {
        keeper.configure(config("requests", "0"));
        assertTrue(registry.events.isEmpty());
        assertNull(registry.filter);
    }

    @Test
    void aBadChangeKeepsTheLastGoodFilter() {
        keeper.configure(config());
        BucketTable buckets = keeper.buckets();
        keeper.configure(config("key", "bogus"));
        assertEquals(List.of("publish api"), registry.events);
        assertSame(buckets, keeper.buckets());
        assertTrue(allowed(), "the last good filter still limits");
    }

    @Test
    void aChangeWithTheSameLimitsKeepsTheBucketsAndTheService() {
        keeper.configure(config());
        RequestFilter service = registry.filter;
        BucketTable buckets = keeper.buckets();
        assertTrue(allowed());
        assertTrue(allowed());

        keeper.configure(config("headers", "false", "felix.fileinstall.filename", "file:/x/y.cfg"));
        assertSame(buckets, keeper.buckets());
        assertSame(service, registry.filter, "no re-registration, no gap");
        assertEquals(List.of("publish api"), registry.events);
        assertFalse(allowed(), "the spent tokens stay spent");
    }

    @Test
    void aChangeOfLimitsStartsFreshBuckets() {
        keeper.configure(config());
        assertTrue(allowed());
        assertTrue(allowed());
        keeper.configure(config("requests", "3"));
        assertNotSame(null, keeper.buckets());
        assertEquals(3, keeper.buckets().limits().requests());
        assertTrue(allowed());
        assertEquals(List.of("publish api"), registry.events);
    }

    @Test
    void aNewNameRepublishesWithTheSameBuckets() {
        keeper.configure(config());
        BucketTable buckets = keeper.buckets();
        keeper.configure(config("name", "api-v2"));
        assertEquals(List.of("publish api", "publish api-v2"), registry.events);
        assertSame(buckets, keeper.buckets());
    }

    @Test
    void closeWithdraws() {
        keeper.configure(config());
        keeper.close();
        assertEquals(List.of("publish api", "withdraw"), registry.events);
        keeper.close();
        assertEquals(2, registry.events.size());
    }
}
