package io.caracal.cache.disk.internal;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.caracal.api.cache.CacheStats;
import io.caracal.api.cache.CacheStore;
import io.caracal.api.cache.CachedResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached responses in files, one per entry (see {@link EntryCodec} for the format and
 * {@link EntryFiles} for the layout), bounded by the files' total size: past it the least recently
 * used entries go. An in-memory {@link Index} knows every entry; it is rebuilt by scanning the
 * directory when the store opens.
 *
 * <p>Callers never wait for the disk: a miss is answered from the index at once, everything else
 * runs on the store's own two {@link Lanes} threads. A put completes once its file is in place and
 * indexed (so a get then finds it) and the files it evicted are gone.
 *
 * <p>A remove or purge takes its entries out of the index before it returns, so a get asked for
 * after it never answers them, however far behind the disk is (read-your-writes for invalidation,
 * RFC 9111 section 4.4); only the files are deleted later, on the keys' lanes. Every put, remove and
 * purge gets a sequence number in the order its lane tasks are queued, and a put that was asked for
 * before a remove or purge of its key, but reaches the disk only after it, does not index its entry
 * (and deletes its file), so it cannot bring the entry back.
 *
 * <p>After a crash no corrupt entry is ever served: files reach their final name only by an atomic
 * rename after being forced to disk, and every read checks the whole file's checksum, length and
 * key; a file that fails is a miss and is deleted.
 */
final class DiskCacheStore implements CacheStore {

    private static final Logger LOG = LoggerFactory.getLogger(DiskCacheStore.class);

    static final int IO_THREADS = 2;
    /** The largest max.entry.bytes: a read holds one whole file in one array. */
    static final long MAX_ENTRY_LIMIT = 1L << 30;
    /** Writes waiting for the disk hold at most this many body bytes (or one entry) before puts are dropped. */
    static final long MIN_WRITE_BACKLOG_BYTES = 64L << 20;
    private static final int PURGE_BATCH = 1_000;
    private static final long LARGEST_FILE = EntryCodec.OVERHEAD_BYTES + EntryCodec.MAX_META_BYTES + MAX_ENTRY_LIMIT;
    private static final CompletionStage<Optional<CachedResponse>> MISS = CompletableFuture.completedStage(Optional.empty());

    private volatile String name;
    private final EntryFiles files;
    private final Index index = new Index();
    private final Lanes lanes;
    private final Object resetLock = new Object();
    /** Held while taking a sequence number and queuing the lane tasks that go with it. */
    private final Object ordering = new Object();
    private long sequence;
    private volatile long maxBytes;
    private volatile long maxEntryBytes;
    private final AtomicLong queuedWriteBytes = new AtomicLong();

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder corrupt = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final Throttle dropWarnings = new Throttle(60_000);
    private final Throttle writeWarnings = new Throttle(60_000);

    DiskCacheStore(String name, Path directory, long maxBytes, long maxEntryBytes) {
        this.name = name;
        this.files = new EntryFiles(directory);
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxEntryBytes;
        this.lanes = new Lanes("caracal-cache-disk-" + name, IO_THREADS);
    }

    /**
     * Creates the directory and indexes what it holds, on the store's threads, once {@code after}
     * (the previous user of the directory finishing) completes. The store must not be used before.
     */
    CompletionStage<Void> open(CompletionStage<?> after) {
        long started = System.nanoTime();
        return after.handle((ignored, error) -> null)
                .thenCompose(ignored -> lanes.submit(0, () -> {
                    files.createRoot();
                    return null;
                }))
                .thenCompose(ignored -> {
                    List<CompletableFuture<DirectoryScan.Result>> parts = new ArrayList<>();
                    for (int lane = 0; lane < lanes.count(); lane++) {
                        int part = lane;
                        parts.add(lanes.submit(lane, () -> DirectoryScan.scan(files, part, lanes.count())));
                    }
                    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                            .thenApply(done -> parts.stream().map(CompletableFuture::join)
                                    .reduce(DirectoryScan.Result::merge).orElseThrow());
                })
                .thenCompose(result -> load(result, (System.nanoTime() - started) / 1_000_000));
    }

    private CompletionStage<Void> load(DirectoryScan.Result result, long scanMillis) {
        // The file times are the best guess at last use: the oldest files are evicted first.
        List<DirectoryScan.Found> found = new ArrayList<>(result.found());
        found.sort(Comparator.comparingLong(DirectoryScan.Found::modifiedMillis));
        for (DirectoryScan.Found entry : found) {
            index.put(entry.entry());
        }
        Index.Totals totals = index.totals();
        LOG.info("Disk cache store '{}' opened {}: {} entries, {} bytes of files (max {}); scan took {} ms, "
                + "deleted {} unfinished temp files and {} invalid files", name, files.root(), totals.entries(),
                totals.fileBytes(), maxBytes, scanMillis, result.tempFiles(), result.invalidFiles());
        if (result.invalidFiles() > 0) {
            corrupt.add(result.invalidFiles());
            LOG.warn("Disk cache store '{}': {} invalid files in {} were deleted (damaged or torn by a crash)", name,
                    result.invalidFiles(), files.root());
        }
        return evictOverBound();
    }

    @Override
    public CompletionStage<Optional<CachedResponse>> get(String key) {
        Index.Entry entry = index.touch(Objects.requireNonNull(key, "key"));
        if (entry == null) {
            misses.increment();
            return MISS;
        }
        return lanes.submit(lanes.leastBusy(), () -> read(entry))
                .thenCompose(outcome -> {
                    if (outcome.response() != null) {
                        hits.increment();
                        return CompletableFuture.completedStage(Optional.of(outcome.response()));
                    }
                    misses.increment();
                    // The clean-up changes the key's file, so it runs on the key's lane.
                    return lanes.submit(lanes.laneOf(key), () -> discard(entry, outcome));
                })
                .exceptionally(error -> {
                    LOG.debug("Disk cache store '{}': lookup failed, treated as a miss", name, error);
                    return Optional.empty();
                })
                .minimalCompletionStage();
    }

    @Override
    public CompletionStage<Void> put(String key, CachedResponse response) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
        long weight = response.weight();
        int lane = lanes.laneOf(key);
        if (weight > Math.min(maxEntryBytes, maxBytes)) {
            rejected.increment();
            LOG.debug("Disk cache store '{}': not storing an entry of {} bytes (max.entry.bytes {})", name, weight, maxEntryBytes);
            return dropEarlierEntry(key);
        }
        long queued = queuedWriteBytes.addAndGet(weight);
        if (queued != weight && queued > Math.max(MIN_WRITE_BACKLOG_BYTES, maxEntryBytes)) {
            queuedWriteBytes.addAndGet(-weight);
            dropped.increment();
            if (dropWarnings.allow()) {
                LOG.warn("Disk cache store '{}': the disk is behind by {} bytes of writes; new entries are not stored "
                        + "until it catches up ({} dropped so far)", name, queued - weight, dropped.sum());
            }
            return dropEarlierEntry(key);
        }
        CompletableFuture<CompletionStage<Void>> written;
        synchronized (ordering) {
            long number = ++sequence;
            written = lanes.submit(lane, () -> {
                try {
                    return write(key, response, weight, number);
                } finally {
                    queuedWriteBytes.addAndGet(-weight);
                }
            });
        }
        return written.thenCompose(evicted -> evicted).minimalCompletionStage();
    }

    @Override
    public CompletionStage<Void> remove(String key) {
        Objects.requireNonNull(key, "key");
        int lane = lanes.laneOf(key);
        CompletableFuture<Void> deleted;
        synchronized (ordering) {
            long number = ++sequence;
            // Gone from the index before this returns: a get from now on misses at once.
            index.beginRemove(key, number);
            // Once it has run, so has every put asked for before it (none of which indexed the key).
            deleted = lanes.submit(lane, () -> deleteRemoved(key))
                    .whenComplete((ignored, error) -> index.endRemove(key, number));
        }
        return deleted.minimalCompletionStage();
    }

    @Override
    public CompletionStage<Long> purge(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long number;
        Index.Purge purge;
        synchronized (ordering) {
            number = ++sequence;
            purge = index.beginPurge(prefix, number);
        }
        // Gone from the index before this returns: a get from now on misses at once. Puts asked for
        // before the purge that have not run yet will not index their keys (the purge counts them).
        List<List<Index.Entry>> byLane = new ArrayList<>();
        for (int lane = 0; lane < lanes.count(); lane++) {
            byLane.add(new ArrayList<>());
        }
        List<Index.Entry> taken = new ArrayList<>();
        String after = null;
        do {
            Index.Batch batch = index.takePrefix(prefix, after, PURGE_BATCH, key -> true, number);
            for (Index.Entry entry : batch.taken()) {
                byLane.get(lanes.laneOf(entry.key)).add(entry);
            }
            taken.addAll(batch.taken());
            after = batch.resumeAfter();
        } while (after != null);
        // Each lane deletes the files of the keys it owns; these tasks queue after every put asked
        // for before the purge, so once all are done no such put is left to bring a key back.
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (int lane = 0; lane < lanes.count(); lane++) {
            List<Index.Entry> mine = byLane.get(lane);
            parts.add(lanes.submit(lane, () -> deletePurged(mine)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .handle((done, error) -> {
                    Set<String> queued = new HashSet<>(index.endPurge(purge));
                    for (Index.Entry entry : taken) {
                        queued.remove(entry.key);
                    }
                    if (error != null) {
                        throw error instanceof RuntimeException e ? e : new IllegalStateException(error);
                    }
                    return (long) taken.size() + queued.size();
                })
                .minimalCompletionStage();
    }

    @Override
    public CacheStats stats() {
        Index.Totals totals = index.totals();
        return new CacheStats(totals.entries(), totals.weight(), maxBytes, hits.sum(), misses.sum(), evictions.sum());
    }

    /** New bounds; a smaller max.bytes evicts down to it. Completes when the evicted files are gone. */
    CompletionStage<Void> resize(long newMaxBytes, long newMaxEntryBytes) {
        maxBytes = newMaxBytes;
        maxEntryBytes = newMaxEntryBytes;
        return evictOverBound();
    }

    /** Stops taking work; completes once the last queued write has finished. */
    CompletionStage<Void> close() {
        lanes.shutdown();
        return lanes.terminated();
    }

    Path directory() {
        return files.root();
    }

    String name() {
        return name;
    }

    /** The name logs use, after the configuration renamed the store (its directory unchanged). */
    void rename(String newName) {
        name = newName;
    }

    long maxBytes() {
        return maxBytes;
    }

    long maxEntryBytes() {
        return maxEntryBytes;
    }

    /** Bytes the entries' files take on disk, which max.bytes bounds. */
    long fileBytes() {
        return index.totals().fileBytes();
    }

    /** Entries found corrupt (on read, or invalid at the startup scan) and deleted. */
    long corrupt() {
        return corrupt.sum();
    }

    /** Puts not stored: larger than max.entry.bytes (or max.bytes), or not storable text. */
    long rejected() {
        return rejected.sum();
    }

    /** Puts not stored because the disk was too far behind. */
    long dropped() {
        return dropped.sum();
    }

    long writeErrors() {
        return writeErrors.sum();
    }

    /** Keys from least to most recently used; for tests. */
    List<String> keysByAge() {
        return index.keysByAge();
    }

    /** The lane that changes {@code key}; for tests. */
    int laneOf(String key) {
        return lanes.laneOf(key);
    }

    /** Runs {@code task} on {@code lane} behind what is queued there (tests use it to hold a lane up). */
    <T> CompletionStage<T> onLane(int lane, Callable<T> task) {
        return lanes.submit(lane, task);
    }

    @Override
    public String toString() {
        Index.Totals totals = index.totals();
        return "disk cache store '" + name + "' in " + files.root() + ": " + totals.entries() + " entries, "
                + totals.fileBytes() + "/" + maxBytes + " bytes of files, " + corrupt.sum() + " corrupt, "
                + rejected.sum() + " rejected, " + dropped.sum() + " dropped, " + writeErrors.sum() + " write errors";
    }

    // ---- on the lanes ----

    private record ReadOutcome(CachedResponse response, boolean missing, String problem) {
    }

    private ReadOutcome read(Index.Entry entry) {
        Path file = files.file(EntryFiles.hash(entry.key));
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, READ)) {
            long size = channel.size();
            if (size > LARGEST_FILE) {
                return new ReadOutcome(null, false, "larger than any entry (" + size + " bytes)");
            }
            bytes = new byte[(int) size];
            ByteBuffer into = ByteBuffer.wrap(bytes);
            while (into.hasRemaining() && channel.read(into) >= 0) {
                // reading
            }
            if (into.hasRemaining()) {
                return new ReadOutcome(null, false, "shrank while being read");
            }
        } catch (NoSuchFileException e) {
            return new ReadOutcome(null, true, "missing");
        } catch (IOException e) {
            return new ReadOutcome(null, false, "unreadable: " + e);
        }
        try {
            return new ReadOutcome(EntryCodec.decode(bytes, entry.key), false, null);
        } catch (EntryCodec.CorruptEntryException e) {
            return new ReadOutcome(null, false, e.getMessage());
        }
    }

    /** After a failed read: forgets the entry and deletes its file, unless a newer put replaced it. */
    private Optional<CachedResponse> discard(Index.Entry entry, ReadOutcome outcome) throws IOException {
        if (outcome.missing()) {
            if (!resetIfDirectoryGone()) {
                index.removeIfSame(entry);
            }
            return Optional.empty();
        }
        corrupt.increment();
        Index.Entry current = index.peek(entry.key);
        Path file = files.file(EntryFiles.hash(entry.key));
        if (current == entry || current == null) {
            index.removeIfSame(entry);
            EntryFiles.delete(file);
            LOG.warn("Disk cache store '{}': deleted corrupt entry {} ({}); answered as a miss", name, file, outcome.problem());
        }
        return Optional.empty();
    }

    private CompletionStage<Void> write(String key, CachedResponse response, long weight, long number) throws IOException {
        resetIfDirectoryGone();
        EntryCodec.Encoded encoded;
        try {
            encoded = EntryCodec.encode(key, response);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            rejected.increment();
            LOG.debug("Disk cache store '{}': entry cannot be stored: {}", name, e.getMessage());
            removeNow(key);
            return CompletableFuture.completedStage(null);
        }
        if (index.invalidatedAfter(key, number)) {
            // Removed or purged since this put was asked for: nothing to write.
            return CompletableFuture.completedStage(null);
        }
        String hash = EntryFiles.hash(key);
        Path file = files.file(hash);
        try {
            files.writeAtomically(file, files.temp(hash), encoded.parts(), encoded.length());
        } catch (IOException e) {
            writeErrors.increment();
            if (writeWarnings.allow()) {
                LOG.warn("Disk cache store '{}': cannot write {}: {} ({} write errors so far)", name, file, e, writeErrors.sum());
            }
            try {
                // The put failed, but a get must still not answer an entry older than it.
                removeNow(key);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (!index.putUnlessInvalidated(new Index.Entry(key, encoded.length(), weight, number))) {
            // Removed or purged while being written. The key's lane runs nothing else meanwhile,
            // so the file is this put's own, indexed by no one.
            if (EntryFiles.delete(file)) {
                EntryFiles.syncDirectory(file.getParent());
            }
            return CompletableFuture.completedStage(null);
        }
        return evictOverBound();
    }

    /** Removes the key's entry and file (on the key's lane). */
    private void removeNow(String key) throws IOException {
        index.remove(key);
        Path file = files.file(EntryFiles.hash(key));
        if (EntryFiles.delete(file)) {
            // Durable, so a removed entry does not come back after a crash.
            EntryFiles.syncDirectory(file.getParent());
        }
    }

    /** Deletes the file of a key {@link #remove} took out of the index (on the key's lane). */
    private Void deleteRemoved(String key) throws IOException {
        // Only a put asked for after the remove can have indexed the key since; the file is its.
        if (index.peek(key) == null) {
            Path file = files.file(EntryFiles.hash(key));
            if (EntryFiles.delete(file)) {
                // Durable, so a removed entry does not come back after a crash.
                EntryFiles.syncDirectory(file.getParent());
            }
        }
        return null;
    }

    /** Deletes the files of entries {@link #purge} took out of the index (on their keys' lane). */
    private Void deletePurged(List<Index.Entry> purged) {
        Set<Path> directories = new HashSet<>();
        for (Index.Entry entry : purged) {
            // A put asked for after the purge may have indexed the key since; the file is its.
            if (index.peek(entry.key) != null) {
                continue;
            }
            Path file = files.file(EntryFiles.hash(entry.key));
            try {
                if (EntryFiles.delete(file)) {
                    directories.add(file.getParent());
                }
            } catch (IOException e) {
                LOG.warn("Disk cache store '{}': cannot delete purged entry {}: {}", name, file, e.toString());
            }
        }
        // Durable, so a purged entry does not come back after a crash.
        directories.forEach(EntryFiles::syncDirectory);
        return null;
    }

    /** Deletes the files of evicted entries, each on its key's lane; completes when all are gone. */
    private CompletionStage<Void> evictOverBound() {
        List<Index.Entry> victims = index.evictOver(maxBytes);
        if (victims.isEmpty()) {
            return CompletableFuture.completedStage(null);
        }
        evictions.add(victims.size());
        CompletableFuture<?>[] deletions = new CompletableFuture<?>[victims.size()];
        for (int i = 0; i < deletions.length; i++) {
            String key = victims.get(i).key;
            deletions[i] = lanes.submit(lanes.laneOf(key), () -> deleteEvicted(key)).exceptionally(error -> null);
        }
        return CompletableFuture.allOf(deletions);
    }

    private Void deleteEvicted(String key) {
        // A put of the same key that ran since the eviction owns the file now.
        if (index.peek(key) == null) {
            Path file = files.file(EntryFiles.hash(key));
            try {
                EntryFiles.delete(file);
            } catch (IOException e) {
                LOG.warn("Disk cache store '{}': cannot delete evicted entry {}: {}", name, file, e.toString());
            }
        }
        return null;
    }

    /**
     * Notices that the directory was removed (its marker is gone): every entry is then gone too,
     * so the index is emptied and the directory made again. True if that happened.
     */
    private boolean resetIfDirectoryGone() throws IOException {
        synchronized (resetLock) {
            if (files.markerPresent()) {
                return false;
            }
            long lost = index.clear();
            LOG.warn("Disk cache store '{}': directory {} was removed while running; its {} entries are gone and it "
                    + "starts again empty", name, files.root(), lost);
            files.createRoot();
            return true;
        }
    }

    private CompletionStage<Void> dropEarlierEntry(String key) {
        // After a put, get must not answer an entry older than the one just offered: as a remove,
        // out of the index at once, and no put asked for before may bring it back.
        return remove(key);
    }
}
