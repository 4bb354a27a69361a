package io.caracal.cache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class IndexTest {

    private static Index.Entry entry(String key, long bytes) {
        return new Index.Entry(key, bytes, bytes - 10);
    }

    @Test
    void leastRecentlyUsedGoFirst() {
        Index index = new Index();
        for (String key : List.of("a", "b", "c", "d")) {
            index.put(entry(key, 100));
        }
        index.touch("a");
        index.touch("c");
        assertEquals(List.of("b", "d", "a", "c"), index.keysByAge());

        List<Index.Entry> victims = index.evictOver(250);
        assertEquals(List.of("b", "d"), victims.stream().map(e -> e.key).toList());
        assertEquals(new Index.Totals(2, 200, 180), index.totals());
        assertNull(index.peek("b"));
    }

    @Test
    void replaceAndRemoveIfSame() {
        Index index = new Index();
        Index.Entry first = entry("k", 100);
        index.put(first);
        Index.Entry second = entry("k", 50);
        assertSame(first, index.put(second));
        assertEquals(new Index.Totals(1, 50, 40), index.totals());
        assertFalse(index.removeIfSame(first));
        assertTrue(index.removeIfSame(second));
        assertEquals(new Index.Totals(0, 0, 0), index.totals());
        assertEquals(List.of(), index.keysByAge());
    }

    @Test
    void prefixPurgeInBatchesTakesOnlyItsOwnKeys() {
        Index index = new Index();
        for (int i = 0; i < 25; i++) {
            index.put(entry("r|/" + (char) ('a' + i), 10));
        }
        index.put(entry("q|/z", 10));
        index.put(entry("s|/a", 10));

        List<String> taken = new ArrayList<>();
        String after = null;
        int batches = 0;
        do {
            Index.Batch batch = index.takePrefix("r|", after, 4, key -> key.charAt(3) % 2 == 0);
            batch.taken().forEach(e -> taken.add(e.key));
            after = batch.resumeAfter();
            batches++;
        } while (after != null);

        assertEquals(12, taken.size()); // b, d, … x
        assertTrue(batches >= 4);
        assertTrue(taken.stream().allMatch(k -> k.startsWith("r|") && k.charAt(3) % 2 == 0));
        assertEquals(27 - 12, index.totals().entries());
        assertEquals(27 - 12, index.keysByAge().size());
    }

    @Test
    void removesAndPurgesKeepEarlierPutsFromIndexingUntilTheyEnd() {
        Index index = new Index();
        index.put(new Index.Entry("k", 100, 90, 1));
        assertSame("k", index.beginRemove("k", 3).key);
        assertNull(index.peek("k"));
        assertFalse(index.putUnlessInvalidated(new Index.Entry("k", 100, 90, 2)), "asked for before the remove");
        assertTrue(index.putUnlessInvalidated(new Index.Entry("k", 100, 90, 4)), "asked for after it");
        index.endRemove("k", 3);
        assertTrue(index.putUnlessInvalidated(new Index.Entry("k", 100, 90, 2)));

        index.put(new Index.Entry("p|a", 100, 90, 5));
        Index.Purge purge = index.beginPurge("p|", 7);
        Index.Batch batch = index.takePrefix("p|", null, 10, key -> true, 7);
        assertEquals(1, batch.taken().size());
        assertFalse(index.putUnlessInvalidated(new Index.Entry("p|a", 100, 90, 6)));
        assertFalse(index.putUnlessInvalidated(new Index.Entry("p|b", 100, 90, 6)));
        assertTrue(index.putUnlessInvalidated(new Index.Entry("p|c", 100, 90, 8)));
        assertTrue(index.putUnlessInvalidated(new Index.Entry("q|a", 100, 90, 6)));
        assertEquals(java.util.Set.of("p|a", "p|b"), index.endPurge(purge));
        assertTrue(index.putUnlessInvalidated(new Index.Entry("p|b", 100, 90, 6)));
    }
}
