package io.caracal.cache.memory.internal;

import static io.caracal.cache.memory.internal.Responses.bodyText;
import static io.caracal.cache.memory.internal.Responses.join;
import static io.caracal.cache.memory.internal.Responses.sized;
import static io.caracal.cache.memory.internal.Responses.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.caracal.api.cache.CacheStats;
import io.caracal.api.cache.CachedResponse;

import org.junit.jupiter.api.Test;

class MemoryCacheStoreTest {

    @Test
    void roundTripKeepsStatusHeadersBodyAndTimes() {
        MemoryCacheStore store = new MemoryCacheStore(1 << 20);
        CachedResponse response = text("hello");
        join(store.put("r|http://a/x", response));

        CachedResponse found = join(store.get("r|http://a/x")).orElseThrow();
        assertEquals(200, found.status());
        assertEquals(response.headers(), found.headers());
        assertEquals("hello", bodyText(found));
        assertEquals(1_000L, found.requestTimeMillis());
        assertEquals(2_000L, found.responseTimeMillis());
    }

    @Test
    void readersGetIndependentBodiesAndCallerBuffersAreNotRetained() {
        MemoryCacheStore store = new MemoryCacheStore(1 << 20);
        byte[] source = "abcdef".getBytes();
        join(store.put("k", new CachedResponse(200, List.of(), java.nio.ByteBuffer.wrap(source), 0, 0)));
        source[0] = 'X'; // a caller reusing its array must not change the stored entry

        CachedResponse first = join(store.get("k")).orElseThrow();
        first.body().get(new byte[3]); // one reader consumes part of its view
        CachedResponse second = join(store.get("k")).orElseThrow();
        assertEquals("abcdef", bodyText(second));
        assertEquals(3, first.body().remaining());
    }

    @Test
    void boundByBytes() {
        long max = 100_000;
        MemoryCacheStore store = new MemoryCacheStore(max);
        for (int i = 0; i < 500; i++) {
            join(store.put("r|http://a/" + i, sized(1_000, (byte) i)));
        }
        store.cleanUp();

        CacheStats stats = store.stats();
        assertTrue(store.weightedSize() <= max, "weighted size " + store.weightedSize());
        assertTrue(stats.bytes() <= max, "bytes " + stats.bytes());
        assertEquals(store.weightedSize(), stats.bytes());
        assertTrue(stats.entries() > 0 && stats.entries() < 500, "entries " + stats.entries());
        assertEquals(500 - stats.entries(), stats.evictions());
        assertEquals(max, stats.maxBytes());
    }

    @Test
    void countsHitsAndMisses() {
        MemoryCacheStore store = new MemoryCacheStore(1 << 20);
        join(store.put("a", text("1")));
        join(store.get("a"));
        join(store.get("a"));
        join(store.get("b"));

        CacheStats stats = store.stats();
        assertEquals(2, stats.hits());
        assertEquals(1, stats.misses());
        assertEquals(0, stats.evictions());
        assertEquals(1, stats.entries());
        assertEquals(text("1").weight(), stats.bytes());
    }

    @Test
    void putReplaces() {
        MemoryCacheStore store = new MemoryCacheStore(1 << 20);
        join(store.put("k", text("old body")));
        join(store.put("k", text("new")));

        assertEquals("new", bodyText(join(store.get("k")).orElseThrow()));
        assertEquals(1, store.stats().entries());
        assertEquals(text("new").weight(), store.stats().bytes());
    }

    @Test
    void removeAndPurgeByPrefix() {
        MemoryCacheStore store = new MemoryCacheStore(1 << 20);
        for (String key : List.of("api|http://h/a", "api|http://h/a/b", "api|http://h/b", "apiv2|http://h/a", "web|http://h/a")) {
            join(store.put(key, text(key)));
        }
        join(store.remove("web|http://h/a"));
        join(store.remove("absent"));

        assertEquals(2L, join(store.purge("api|http://h/a")));
        assertEquals(Optional.empty(), join(store.get("api|http://h/a/b")));
        assertTrue(join(store.get("api|http://h/b")).isPresent());
        assertTrue(join(store.get("apiv2|http://h/a")).isPresent());
        assertEquals(1L, join(store.purge("api|")));
        assertEquals(1L, join(store.purge("")));
        assertEquals(0, store.stats().entries());
        assertEquals(0, store.stats().bytes());
    }

    @Test
    void anEntryLargerThanTheBoundIsNotStoredAndDropsTheOldOne() {
        MemoryCacheStore store = new MemoryCacheStore(10_000);
        join(store.put("k", text("small")));
        join(store.put("k", sized(20_000, (byte) 1)));

        assertEquals(Optional.empty(), join(store.get("k")));
        assertEquals(0, store.stats().entries());
    }

    @Test
    void resizeKeepsEntriesAndShrinks() {
        MemoryCacheStore store = new MemoryCacheStore(1_000_000);
        for (int i = 0; i < 100; i++) {
            join(store.put("k" + i, sized(1_000, (byte) i)));
        }
        store.resize(1_000_000);
        assertEquals(100, store.stats().entries());

        store.resize(20_000);
        store.cleanUp();
        assertTrue(store.stats().bytes() <= 20_000, "bytes " + store.stats().bytes());
        assertEquals(store.weightedSize(), store.stats().bytes());
        assertEquals(20_000, store.stats().maxBytes());
    }

    @Test
    void concurrentPutsGetsAndPurgesStayConsistent() throws Exception {
        MemoryCacheStore store = new MemoryCacheStore(200_000);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String key = "r" + (i % 4) + "|http://h/" + (i % 300);
                        if (i % 3 == 0) {
                            join(store.put(key, text(key + "#" + thread)));
                        } else {
                            join(store.get(key)).ifPresent(r -> assertTrue(bodyText(r).startsWith(key + "#")));
                        }
                        if (i % 500 == 499) {
                            join(store.purge("r" + thread % 4 + "|"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        store.cleanUp();
        // The counts kept beside Caffeine agree with it after all that.
        assertEquals(store.weightedSize(), store.stats().bytes());
        long present = 0;
        for (int r = 0; r < 4; r++) {
            for (int i = 0; i < 300; i++) {
                if (join(store.get("r" + r + "|http://h/" + i)).isPresent()) {
                    present++;
                }
            }
        }
        assertEquals(present, store.stats().entries());
        assertEquals(present, join(store.purge("")));
        assertFalse(join(store.get("r0|http://h/0")).isPresent());
        assertEquals(0, store.stats().bytes());
    }
}
