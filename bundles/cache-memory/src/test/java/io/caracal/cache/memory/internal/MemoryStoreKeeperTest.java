package io.caracal.cache.memory.internal;

import static io.caracal.cache.memory.internal.Responses.join;
import static io.caracal.cache.memory.internal.Responses.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.cache.CacheStore;
import io.caracal.api.config.ConfigException;

import org.junit.jupiter.api.Test;

class MemoryStoreKeeperTest {

    /** Records what the keeper published, as the OSGi registry would hold it. */
    private static final class FakeRegistry {
        final List<String> events = new ArrayList<>();
        CacheStore store;

        public void publish(String name, CacheStore store) {
            events.add("publish " + name);
            this.store = store;
        }

        public void withdraw() {
            events.add("withdraw");
            store = null;
        }
    }

    private final FakeRegistry registry = new FakeRegistry();
    private final MemoryStoreKeeper keeper = new MemoryStoreKeeper(registry::publish, registry::withdraw);

    private static Map<String, Object> config(String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.caracal.cache.memory~hot");
        properties.put("felix.fileinstall.filename", "file:/opt/caracal/conf/caracal/io.caracal.cache.memory-hot.cfg");
        properties.put("name", "hot");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsAndErrorsNameFileAndKey() {
        MemoryStoreSettings settings = MemoryStoreSettings.parse(config());
        assertEquals(268_435_456L, settings.maxBytes());

        ConfigException bad = assertThrows(ConfigException.class, () -> MemoryStoreSettings.parse(config("max.bytes", "256M")));
        assertEquals("max.bytes", bad.key());
        assertTrue(bad.getMessage().startsWith("/opt/caracal/conf/caracal/io.caracal.cache.memory-hot.cfg: key 'max.bytes'"),
                bad.getMessage());
        assertEquals("max.bytes", assertThrows(ConfigException.class, () -> MemoryStoreSettings.parse(config("max.bytes", "0"))).key());
        assertEquals("name", assertThrows(ConfigException.class, () -> MemoryStoreSettings.parse(config("name", "a b"))).key());
        Map<String, Object> nameless = config();
        nameless.remove("name");
        assertEquals("name", assertThrows(ConfigException.class, () -> MemoryStoreSettings.parse(nameless)).key());
    }

    @Test
    void publishesAValidConfigurationUnderItsName() {
        keeper.configure(config("max.bytes", "1000"));
        assertEquals(List.of("publish hot"), registry.events);
        assertEquals(1000, registry.store.stats().maxBytes());
    }

    @Test
    void aBadFirstConfigurationRegistersNothing() {
        keeper.configure(config("max.bytes", "lots"));
        assertTrue(registry.events.isEmpty());
        assertNull(keeper.store());
    }

    @Test
    void aBadChangeKeepsTheLastGoodStore() {
        keeper.configure(config());
        CacheStore published = registry.store;
        keeper.configure(config("max.bytes", "-1"));
        assertSame(published, registry.store);
        assertEquals(List.of("publish hot"), registry.events);
    }

    @Test
    void aNewBoundKeepsTheEntries() {
        keeper.configure(config());
        join(registry.store.put("k", text("v")));
        keeper.configure(config("max.bytes", "5000"));

        assertEquals(List.of("publish hot"), registry.events);
        assertTrue(join(registry.store.get("k")).isPresent());
        assertEquals(5000, registry.store.stats().maxBytes());
    }

    @Test
    void aNewNameStartsAnEmptyStore() {
        keeper.configure(config());
        CacheStore first = registry.store;
        join(first.put("k", text("v")));
        keeper.configure(config("name", "warm"));

        assertEquals(List.of("publish hot", "publish warm"), registry.events);
        assertNotSame(first, registry.store);
        assertTrue(join(registry.store.get("k")).isEmpty());
    }

    @Test
    void closeWithdraws() {
        keeper.configure(config());
        keeper.close();
        assertEquals(List.of("publish hot", "withdraw"), registry.events);
        keeper.close();
        assertEquals(2, registry.events.size());
    }
}
