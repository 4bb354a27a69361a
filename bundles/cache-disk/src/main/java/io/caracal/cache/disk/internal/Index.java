package io.caracal.cache.disk.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The in-memory index of a disk store: every entry on disk by key, in key order (so the keys with
 * one prefix are one range, and a purge costs what it removes) and in order of last use (a doubly
 * linked list, least recently used first, for eviction). It is rebuilt from the files at start and
 * never written down, so it can never disagree with them after a crash.
 *
 * <p>One lock guards it; every operation is short (a TreeMap step and a few links), which is why
 * request threads may look up entries here directly: a miss needs no I/O at all.
 */
final class Index {

    /** One entry on disk. Identity matters: a newer put of the same key makes a new Entry. */
    static final class Entry {
        final String key;
        final long fileBytes;
        final long weight;
        /** The sequence number of the put that wrote it (0: found on disk at start). */
        final long sequence;
        private Entry older;
        private Entry newer;

        Entry(String key, long fileBytes, long weight) {
            this(key, fileBytes, weight, 0);
        }

        Entry(String key, long fileBytes, long weight, long sequence) {
            this.key = key;
            this.fileBytes = fileBytes;
            this.weight = weight;
            this.sequence = sequence;
        }
    }

    /**
     * A purge whose files are still being deleted: puts asked for before it (a lower sequence
     * number) may not index their key under its prefix any more. It remembers those keys, which it
     * counts as purged.
     */
    static final class Purge {
        final String prefix;
        final long sequence;
        private final Set<String> queuedKeys = new HashSet<>();

        private Purge(String prefix, long sequence) {
            this.prefix = prefix;
            this.sequence = sequence;
        }
    }

    /** Counts of what the index holds. */
    record Totals(long entries, long fileBytes, long weight) {
    }

    /** Entries taken by one step of a purge, and the key to resume after (null when done). */
    record Batch(List<Entry> taken, String resumeAfter) {
    }

    private final TreeMap<String, Entry> byKey = new TreeMap<>();
    /** Keys removed whose lane has not caught up yet, with the sequence number of the latest remove. */
    private final Map<String, Long> removing = new HashMap<>();
    /** Purges whose lanes have not all caught up yet. */
    private final List<Purge> purging = new ArrayList<>();
    private Entry oldest;
    private Entry newest;
    private long fileBytes;
    private long weight;

    /** Looks up an entry and marks it as just used. */
    synchronized Entry touch(String key) {
        Entry entry = byKey.get(key);
        if (entry != null && entry != newest) {
            unlink(entry);
            linkNewest(entry);
        }
        return entry;
    }

    /** Looks up an entry without marking it used. */
    synchronized Entry peek(String key) {
        return byKey.get(key);
    }

    /** Adds or replaces the entry of its key, as the most recently used; returns the one replaced. */
    synchronized Entry put(Entry entry) {
        Entry previous = byKey.put(entry.key, entry);
        if (previous != null) {
            forget(previous);
        }
        linkNewest(entry);
        fileBytes += entry.fileBytes;
        weight += entry.weight;
        return previous;
    }

    /**
     * Indexes an entry written by the put with sequence number {@code entry.sequence}, unless a
     * remove or purge of its key asked for after that put came first ({@link #invalidatedAfter});
     * false then, and the entry is not indexed.
     */
    synchronized boolean putUnlessInvalidated(Entry entry) {
        if (invalidatedAfter(entry.key, entry.sequence)) {
            return false;
        }
        put(entry);
        return true;
    }

    /**
     * Whether a remove or purge of {@code key} asked for after the put with sequence number
     * {@code sequence} is still catching up: that put must then not index its entry. A purge that
     * came first counts the key as purged.
     */
    synchronized boolean invalidatedAfter(String key, long sequence) {
        Long removed = removing.get(key);
        Purge first = null;
        for (Purge purge : purging) {
            if (purge.sequence > sequence && key.startsWith(purge.prefix)
                    && (first == null || purge.sequence < first.sequence)) {
                first = purge;
            }
        }
        if (first != null && (removed == null || removed < sequence || removed > first.sequence)) {
            first.queuedKeys.add(key);
        }
        return first != null || removed != null && removed > sequence;
    }

    /**
     * Removes the key's entry at once for a remove with sequence number {@code sequence}, and until
     * {@link #endRemove} keeps puts asked for before it from indexing the key again. Returns the
     * entry removed, if any.
     */
    synchronized Entry beginRemove(String key, long sequence) {
        removing.merge(key, sequence, Math::max);
        return remove(key);
    }

    /** The remove with sequence number {@code sequence} has caught up on its lane. */
    synchronized void endRemove(String key, long sequence) {
        removing.remove(key, sequence);
    }

    /**
     * Starts a purge with sequence number {@code sequence}: until {@link #endPurge}, puts asked for
     * before it may not index keys with the prefix. The entries themselves are taken with
     * {@link #takePrefix}.
     */
    synchronized Purge beginPurge(String prefix, long sequence) {
        Purge purge = new Purge(prefix, sequence);
        purging.add(purge);
        return purge;
    }

    /**
     * The purge has caught up on every lane; returns the keys of puts it kept from being indexed
     * (each once).
     */
    synchronized Set<String> endPurge(Purge purge) {
        purging.remove(purge);
        return purge.queuedKeys;
    }

    synchronized Entry remove(String key) {
        Entry entry = byKey.remove(key);
        if (entry != null) {
            forget(entry);
        }
        return entry;
    }

    /** Removes {@code entry} only if it is still the entry of its key. */
    synchronized boolean removeIfSame(Entry entry) {
        if (byKey.get(entry.key) != entry) {
            return false;
        }
        byKey.remove(entry.key);
        forget(entry);
        return true;
    }

    /**
     * Removes up to {@code limit} entries whose key starts with {@code prefix} and that {@code mine}
     * accepts, scanning keys after {@code after} (null: from the start of the range). Purges work
     * in batches so the lock is never held for long.
     */
    synchronized Batch takePrefix(String prefix, String after, int limit, Predicate<String> mine) {
        return takePrefix(prefix, after, limit, mine, Long.MAX_VALUE);
    }

    /** As above, only entries written by puts with a sequence number below {@code before}. */
    synchronized Batch takePrefix(String prefix, String after, int limit, Predicate<String> mine, long before) {
        Map<String, Entry> range = after == null ? byKey.tailMap(prefix, true) : byKey.tailMap(after, false);
        List<Entry> taken = new ArrayList<>();
        String last = null;
        for (Iterator<Entry> it = range.values().iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (!entry.key.startsWith(prefix)) {
                return new Batch(taken, null);
            }
            last = entry.key;
            if (entry.sequence < before && mine.test(entry.key)) {
                it.remove();
                forget(entry);
                taken.add(entry);
                if (taken.size() == limit) {
                    return new Batch(taken, last);
                }
            }
        }
        return new Batch(taken, null);
    }

    /** Removes least recently used entries until the files take at most {@code maxFileBytes}. */
    synchronized List<Entry> evictOver(long maxFileBytes) {
        List<Entry> victims = new ArrayList<>();
        while (fileBytes > maxFileBytes && oldest != null) {
            Entry victim = oldest;
            byKey.remove(victim.key);
            forget(victim);
            victims.add(victim);
        }
        return victims;
    }

    /** Empties the index; returns how many entries it held. */
    synchronized long clear() {
        long count = byKey.size();
        byKey.clear();
        oldest = null;
        newest = null;
        fileBytes = 0;
        weight = 0;
        return count;
    }

    synchronized Totals totals() {
        return new Totals(byKey.size(), fileBytes, weight);
    }

    /** Keys from least to most recently used; for tests. */
    synchronized List<String> keysByAge() {
        List<String> keys = new ArrayList<>();
        for (Entry entry = oldest; entry != null; entry = entry.newer) {
            keys.add(entry.key);
        }
        return keys;
    }

    private void forget(Entry entry) {
        unlink(entry);
        fileBytes -= entry.fileBytes;
        weight -= entry.weight;
    }

    private void linkNewest(Entry entry) {
        entry.older = newest;
        entry.newer = null;
        if (newest != null) {
            newest.newer = entry;
        } else {
            oldest = entry;
        }
        newest = entry;
    }

    private void unlink(Entry entry) {
        if (entry.older != null) {
            entry.older.newer = entry.newer;
        } else if (oldest == entry) {
            oldest = entry.newer;
        }
        if (entry.newer != null) {
            entry.newer.older = entry.older;
        } else if (newest == entry) {
            newest = entry.older;
        }
        entry.older = null;
        entry.newer = null;
    }
}
