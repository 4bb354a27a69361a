package io.caracal.cache.disk.internal;

import static io.caracal.cache.disk.internal.Responses.bodyText;
import static io.caracal.cache.disk.internal.Responses.join;
import static io.caracal.cache.disk.internal.Responses.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.cache.CacheStore;
import io.caracal.api.config.ConfigException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStoreKeeperTest {

    /** Records what a keeper published, as the OSGi registry would hold it. */
    private static final class FakeRegistry {
        final List<String> events = new ArrayList<>();
        CacheStore store;

        public synchronized void publish(String name, CacheStore store) {
            events.add("publish " + name);
            this.store = store;
        }

        public synchronized void withdraw() {
            events.add("withdraw");
            store = null;
        }
    }

    @TempDir
    Path home;

    private final DirectoryClaims claims = new DirectoryClaims();
    private final FakeRegistry registry = new FakeRegistry();
    private final List<DiskStoreKeeper> keepers = new ArrayList<>();

    @AfterEach
    void closeKeepers() {
        keepers.forEach(DiskStoreKeeper::close);
    }

    private DiskStoreKeeper keeper(FakeRegistry into) {
        DiskStoreKeeper keeper = new DiskStoreKeeper(home, home.resolve("data/cache"), into::publish, into::withdraw, claims);
        keepers.add(keeper);
        return keeper;
    }

    private static Map<String, Object> config(String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.caracal.cache.disk~files");
        properties.put("felix.fileinstall.filename", "file:/opt/caracal/conf/caracal/io.caracal.cache.disk-files.cfg");
        properties.put("name", "files");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsAndErrorsNameFileAndKey() {
        DiskStoreSettings settings = DiskStoreSettings.parse(config(), home, null);
        assertEquals(home.resolve("data/http-cache/files"), settings.directory());
        assertEquals(1L << 30, settings.maxBytes());
        assertEquals(64L << 20, settings.maxEntryBytes());
        assertEquals(Path.of("/srv/cache"), DiskStoreSettings.parse(config("path", "/srv/cache"), home, null).directory());
        assertEquals(home.resolve("other"), DiskStoreSettings.parse(config("path", "data/../other"), home, null).directory());

        ConfigException bad = assertThrows(ConfigException.class, () -> DiskStoreSettings.parse(config("max.entry.bytes", "2147483648"), home, null));
        assertEquals("max.entry.bytes", bad.key());
        assertTrue(bad.getMessage().startsWith("/opt/caracal/conf/caracal/io.caracal.cache.disk-files.cfg: key 'max.entry.bytes'"));
        assertEquals("max.bytes", assertThrows(ConfigException.class, () -> DiskStoreSettings.parse(config("max.bytes", "1G"), home, null)).key());
        assertEquals("name", assertThrows(ConfigException.class, () -> DiskStoreSettings.parse(config("name", "../up"), home, null)).key());
        assertEquals("path", assertThrows(ConfigException.class, () -> DiskStoreSettings.parse(config("path", "/"), home, null)).key());
        assertEquals("path", assertThrows(ConfigException.class, () -> DiskStoreSettings.parse(config("path", "a\0b"), home, null)).key());
        // Felix empties its storage (data/cache in the distribution) at every start.
        ConfigException wiped = assertThrows(ConfigException.class,
                () -> DiskStoreSettings.parse(config("path", "data/cache/files"), home, home.resolve("data/cache")));
        assertEquals("path", wiped.key());
        assertTrue(wiped.getMessage().contains("emptied at every start"), wiped.getMessage());
        assertEquals(home.resolve("data/cache-files"),
                DiskStoreSettings.parse(config("path", "data/cache-files"), home, home.resolve("data/cache")).directory());
    }

    @Test
    void publishesOnceTheDirectoryIsOpen() {
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config()));
        assertEquals(List.of("publish files"), registry.events);
        assertTrue(Files.isDirectory(home.resolve("data/http-cache/files")));
        join(registry.store.put("k", text("v")));
        assertEquals("v", bodyText(join(registry.store.get("k")).orElseThrow()));
    }

    @Test
    void aBadFirstConfigurationRegistersNothing() {
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config("max.bytes", "lots")));
        assertTrue(registry.events.isEmpty());
        assertNull(keeper.store());
    }

    @Test
    void aDirectoryThatCannotBeMadeRegistersNothing() throws Exception {
        Files.writeString(home.resolve("plain-file"), "not a directory");
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config("path", "plain-file/cache")));
        assertTrue(registry.events.isEmpty());
        assertNull(keeper.store());
    }

    @Test
    void aBadChangeKeepsTheLastGoodStore() throws Exception {
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config()));
        CacheStore published = registry.store;
        join(keeper.configure(config("max.bytes", "-1")));
        Files.writeString(home.resolve("plain-file"), "x");
        join(keeper.configure(config("path", "plain-file/cache")));

        assertSame(published, registry.store);
        assertEquals(List.of("publish files"), registry.events);
        join(published.put("k", text("still serving")));
        assertTrue(join(published.get("k")).isPresent());
    }

    @Test
    void newBoundsOrNameKeepTheStoreAndItsEntries() {
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config()));
        CacheStore first = registry.store;
        join(first.put("k", text("v")));

        join(keeper.configure(config("max.bytes", "5000", "max.entry.bytes", "1000", "path", "data/http-cache/files")));
        assertSame(first, registry.store);
        assertEquals(5000, registry.store.stats().maxBytes());
        // The default path follows the name, so a renamed store keeps its directory only with an explicit path.
        join(keeper.configure(config("name", "renamed", "path", "data/http-cache/files")));
        assertEquals(List.of("publish files", "publish renamed"), registry.events);
        assertSame(first, registry.store);
        assertTrue(join(registry.store.get("k")).isPresent());
    }

    @Test
    void aNewDirectoryOpensANewStoreAndTheOldOneIsKeptOnDisk() {
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config()));
        CacheStore first = registry.store;
        join(first.put("k", text("v")));

        join(keeper.configure(config("path", "elsewhere")));
        assertNotSame(first, registry.store);
        assertTrue(join(registry.store.get("k")).isEmpty());
        assertTrue(first.put("x", text("y")).toCompletableFuture().isCompletedExceptionally(), "the old store is closed");

        // Back to the first directory: its entries are still there.
        join(keeper.configure(config()));
        assertEquals("v", bodyText(join(registry.store.get("k")).orElseThrow()));
    }

    @Test
    void twoStoresCannotShareADirectory() {
        join(keeper(registry).configure(config()));
        FakeRegistry second = new FakeRegistry();
        DiskStoreKeeper other = keeper(second);
        join(other.configure(config("name", "copy", "path", "data/http-cache/files")));
        assertTrue(second.events.isEmpty());

        // Once the first store is gone, the directory is free.
        keepers.get(0).close();
        join(other.configure(config("name", "copy", "path", "data/http-cache/files", "max.bytes", "12345")));
        assertEquals(List.of("publish copy"), second.events);
    }

    @Test
    void closeWithdraws() {
        DiskStoreKeeper keeper = keeper(registry);
        join(keeper.configure(config()));
        keeper.close();
        assertEquals(List.of("publish files", "withdraw"), registry.events);
        keeper.close();
        assertEquals(2, registry.events.size());
    }
}
