package io.caracal.cache.disk.internal;

import static io.caracal.cache.disk.internal.Responses.bodyBytes;
import static io.caracal.cache.disk.internal.Responses.bodyText;
import static io.caracal.cache.disk.internal.Responses.join;
import static io.caracal.cache.disk.internal.Responses.sized;
import static io.caracal.cache.disk.internal.Responses.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.caracal.api.cache.CacheStats;
import io.caracal.api.cache.CachedResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheStoreTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final List<DiskCacheStore> opened = new ArrayList<>();
    private final List<CountDownLatch> holds = new ArrayList<>();

    @AfterEach
    void closeStores() {
        holds.forEach(CountDownLatch::countDown);
        opened.forEach(store -> join(store.close()));
    }

    /**
     * Holds up one of the store's lanes until the returned latch is counted down (or 20 s pass),
     * so whatever is queued behind it stays queued: deterministic, no sleeps.
     */
    private CountDownLatch hold(DiskCacheStore store, int lane) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holds.add(release);
        store.onLane(lane, () -> {
            running.countDown();
            return release.await(20, TimeUnit.SECONDS);
        });
        assertTrue(running.await(20, TimeUnit.SECONDS), "the lane started the holding task");
        return release;
    }

    /** A stage that must already be complete: a miss is answered from the index, without the disk. */
    private static <T> T atOnce(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertTrue(future.isDone(), "answered without waiting for the disk");
        return future.join();
    }

    /** Keys other than {@code key} whose changes queue on the same lane. */
    private static List<String> sameLaneKeys(DiskCacheStore store, String key, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String other = key + "-filler-" + i;
            if (store.laneOf(other) == store.laneOf(key)) {
                keys.add(other);
            }
        }
        return keys;
    }

    private DiskCacheStore open(long maxBytes, long maxEntryBytes) {
        DiskCacheStore store = new DiskCacheStore("test", dir, maxBytes, maxEntryBytes);
        join(store.open(java.util.concurrent.CompletableFuture.completedStage(null)));
        opened.add(store);
        return store;
    }

    private DiskCacheStore open() {
        return open(64 * MIB, MIB);
    }

    /** Closes a store (waiting for its last write) and opens a new one on the same directory. */
    private DiskCacheStore restart(DiskCacheStore store) {
        join(store.close());
        opened.remove(store);
        return open(store.maxBytes(), store.maxEntryBytes());
    }

    private Path fileOf(String key) {
        return new EntryFiles(dir).file(EntryFiles.hash(key));
    }

    private List<Path> entryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> EntryFiles.isEntryName(p.getFileName().toString())).toList();
        }
    }

    private static long fileSize(String key, CachedResponse response) throws Exception {
        return EntryCodec.encode(key, response).length();
    }

    @Test
    void roundTripKeepsHeaderOrderBinaryBodyAndTimes() {
        DiskCacheStore store = open();
        byte[] body = new byte[70_000];
        ThreadLocalRandom.current().nextBytes(body);
        CachedResponse response = new CachedResponse(404, List.of(Map.entry("Set-Cookie", "b=2"), Map.entry("Age", "0"),
                Map.entry("Set-Cookie", "a=1")), ByteBuffer.wrap(body), 11L, 22L);
        join(store.put("r|http://h/x", response));

        CachedResponse found = join(store.get("r|http://h/x")).orElseThrow();
        assertEquals(404, found.status());
        assertEquals(response.headers(), found.headers());
        assertArrayEquals(body, bodyBytes(found));
        assertEquals(11L, found.requestTimeMillis());
        assertEquals(22L, found.responseTimeMillis());
        assertTrue(Files.isRegularFile(fileOf("r|http://h/x")));
        assertEquals(Optional.empty(), join(store.get("r|http://h/y")));
    }

    @Test
    void laterOperationsOnOneKeyWinWithoutWaiting() {
        DiskCacheStore store = open();
        CompletionStage<Void> first = store.put("k", text("one"));
        CompletionStage<Void> second = store.put("k", text("two"));
        join(first);
        join(second);
        assertEquals("two", bodyText(join(store.get("k")).orElseThrow()));

        CompletionStage<Void> put = store.put("gone", text("x"));
        CompletionStage<Void> removed = store.remove("gone");
        CompletionStage<Void> putAgain = store.put("purged|a", text("y"));
        CompletionStage<Long> purged = store.purge("purged|");
        join(put);
        join(removed);
        join(putAgain);
        assertEquals(1L, join(purged));
        assertEquals(Optional.empty(), join(store.get("gone")));
        assertEquals(Optional.empty(), join(store.get("purged|a")));
        assertEquals(1, store.stats().entries());
    }

    @Test
    void aRemoveIsSeenAtOnceEvenBehindLargeQueuedPuts() throws Exception {
        // Four 16 MiB writes (each forced to disk) queue on the key's lane ahead of the remove.
        DiskCacheStore store = open(1L << 30, 80 * MIB);
        String key = "r|http://h/posted";
        join(store.put(key, text("old")));
        List<CompletionStage<Void>> large = new ArrayList<>();
        for (String other : sameLaneKeys(store, key, 4)) {
            large.add(store.put(other, sized((int) (16 * MIB), (byte) 5)));
        }
        CompletionStage<Void> removed = store.remove(key);

        assertEquals(Optional.empty(), atOnce(store.get(key)), "a get right after remove() returned");
        join(removed);
        assertEquals(Optional.empty(), atOnce(store.get(key)), "a get after the remove completed");
        large.forEach(Responses::join);
        assertEquals(Optional.empty(), join(store.get(key)));
        assertFalse(Files.exists(fileOf(key)));
        assertEquals(0, store.dropped());
        assertEquals(4, store.stats().entries());
    }

    @Test
    void aPutQueuedBeforeARemoveDoesNotBringTheEntryBack() throws Exception {
        DiskCacheStore store = open();
        String key = "r|http://h/a";
        join(store.put(key, text("old")));
        CountDownLatch release = hold(store, store.laneOf(key));
        CompletionStage<Void> put = store.put(key, text("queued before the remove"));
        CompletionStage<Void> removed = store.remove(key);

        assertEquals(Optional.empty(), atOnce(store.get(key)));
        assertEquals(0, store.stats().entries());
        release.countDown();
        join(put);
        join(removed);
        assertEquals(Optional.empty(), atOnce(store.get(key)));
        assertFalse(Files.exists(fileOf(key)));
        assertEquals(0, store.stats().entries());
        assertEquals(0, store.fileBytes());
        assertEquals(Optional.empty(), join(restart(store).get(key)), "nor after a restart");
    }

    @Test
    void aPutAfterARemoveWinsOverIt() throws Exception {
        DiskCacheStore store = open();
        String key = "r|http://h/a";
        join(store.put(key, text("old")));
        CountDownLatch release = hold(store, store.laneOf(key));
        CompletionStage<Void> before = store.put(key, text("before"));
        CompletionStage<Void> removed = store.remove(key);
        CompletionStage<Void> after = store.put(key, text("after"));

        assertEquals(Optional.empty(), atOnce(store.get(key)));
        release.countDown();
        join(before);
        join(removed);
        join(after);
        assertEquals("after", bodyText(join(store.get(key)).orElseThrow()));
        assertEquals(1, store.stats().entries());
        assertEquals(Files.size(fileOf(key)), store.fileBytes());
    }

    @Test
    void aPurgeIsSeenAtOnceAndPutsQueuedBeforeItDoNotComeBack() throws Exception {
        DiskCacheStore store = open();
        join(store.put("p|a", text("a")));
        join(store.put("p|b", text("b")));
        join(store.put("q|c", text("c")));
        List<CountDownLatch> releases = new ArrayList<>();
        for (int lane = 0; lane < DiskCacheStore.IO_THREADS; lane++) {
            releases.add(hold(store, lane));
        }
        CompletionStage<Void> replaced = store.put("p|a", text("a, queued before the purge"));
        CompletionStage<Void> added = store.put("p|z", text("z, queued before the purge"));
        CompletionStage<Long> purged = store.purge("p|");

        for (String key : List.of("p|a", "p|b", "p|z")) {
            assertEquals(Optional.empty(), atOnce(store.get(key)), key);
        }
        assertEquals(1, store.stats().entries());
        releases.forEach(CountDownLatch::countDown);
        join(replaced);
        join(added);
        assertEquals(3L, join(purged), "p|a, p|b and p|z, each once");
        for (String key : List.of("p|a", "p|b", "p|z")) {
            assertEquals(Optional.empty(), atOnce(store.get(key)), key);
            assertFalse(Files.exists(fileOf(key)), key);
        }
        assertEquals("c", bodyText(join(store.get("q|c")).orElseThrow()));
        assertEquals(1, store.stats().entries());
        assertEquals(1, entryFiles().size());
    }

    @Test
    void aPutAfterAPurgeIsKeptAndNotCounted() throws Exception {
        DiskCacheStore store = open();
        join(store.put("p|a", text("old")));
        List<CountDownLatch> releases = new ArrayList<>();
        for (int lane = 0; lane < DiskCacheStore.IO_THREADS; lane++) {
            releases.add(hold(store, lane));
        }
        CompletionStage<Long> purged = store.purge("p|");
        CompletionStage<Void> after = store.put("p|a", text("new"));
        CompletionStage<Void> other = store.put("p|b", text("b"));

        assertEquals(Optional.empty(), atOnce(store.get("p|a")));
        releases.forEach(CountDownLatch::countDown);
        assertEquals(1L, join(purged));
        join(after);
        join(other);
        assertEquals("new", bodyText(join(store.get("p|a")).orElseThrow()));
        assertEquals("b", bodyText(join(store.get("p|b")).orElseThrow()));
        assertEquals(2, store.stats().entries());
    }

    @Test
    void aGetAfterACompletedPutSeesTheNewEntry() throws Exception {
        DiskCacheStore store = open();
        String key = "r|http://h/a";
        join(store.put(key, text("v0")));
        for (int i = 1; i <= 20; i++) {
            // Writes of other keys keep the key's lane busy; reads go to the other lane.
            List<CompletionStage<Void>> others = new ArrayList<>();
            for (String other : sameLaneKeys(store, key, 3)) {
                others.add(store.put(other, sized(50_000, (byte) i)));
            }
            join(store.put(key, text("v" + i)));
            assertEquals("v" + i, bodyText(join(store.get(key)).orElseThrow()));
            others.forEach(Responses::join);
        }
    }

    @Test
    void underConcurrentLoadEachThreadReadsItsOwnWritesAndRemoves() throws Exception {
        DiskCacheStore store = open();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        // Keys of this thread only; the other threads keep both lanes busy.
                        String key = "t" + thread + "|http://h/" + (i % 7);
                        CompletionStage<Void> queued = store.put(key, sized(20_000, (byte) i));
                        CompletionStage<Void> removed = store.remove(key);
                        assertEquals(Optional.empty(), atOnce(store.get(key)), key);
                        join(queued);
                        join(removed);
                        assertEquals(Optional.empty(), atOnce(store.get(key)), key);
                        join(store.put(key, text(key + "#" + i)));
                        assertEquals(key + "#" + i, bodyText(join(store.get(key)).orElseThrow()), key);
                        if (i % 25 == 0) {
                            CompletionStage<Void> again = store.put(key, text("queued"));
                            CompletionStage<Long> purged = store.purge("t" + thread + "|");
                            assertEquals(Optional.empty(), atOnce(store.get(key)), key);
                            join(again);
                            join(purged);
                            assertEquals(Optional.empty(), atOnce(store.get(key)), key);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<Path> files = entryFiles();
        assertEquals(files.size(), store.stats().entries());
        long onDisk = 0;
        for (Path file : files) {
            onDisk += Files.size(file);
        }
        assertEquals(onDisk, store.fileBytes());
        assertEquals(0, store.corrupt());
    }

    @Test
    void aPutNotStoredHidesTheEarlierEntryAtOnce() throws Exception {
        DiskCacheStore store = open(MIB, 2_000);
        join(store.put("k", text("small")));
        CountDownLatch release = hold(store, store.laneOf("k"));
        CompletionStage<Void> put = store.put("k", sized(2_001, (byte) 1));

        assertEquals(Optional.empty(), atOnce(store.get("k")));
        release.countDown();
        join(put);
        assertEquals(Optional.empty(), atOnce(store.get("k")));
        assertEquals(0, entryFiles().size());
    }

    @Test
    void survivesARestart() throws Exception {
        DiskCacheStore store = open();
        join(store.put("a|http://h/1", text("first")));
        join(store.put("a|http://h/2", sized(10_000, (byte) 7)));
        CacheStats before = store.stats();

        DiskCacheStore again = restart(store);
        assertEquals("first", bodyText(join(again.get("a|http://h/1")).orElseThrow()));
        assertArrayEquals(bodyBytes(sized(10_000, (byte) 7)), bodyBytes(join(again.get("a|http://h/2")).orElseThrow()));
        CacheStats after = again.stats();
        assertEquals(before.entries(), after.entries());
        assertEquals(before.bytes(), after.bytes());
        assertEquals(fileSize("a|http://h/1", text("first")) + fileSize("a|http://h/2", sized(10_000, (byte) 7)),
                again.fileBytes());
    }

    @Test
    void evictsLeastRecentlyUsedByBytes() throws Exception {
        long each = fileSize("k0", sized(1_000, (byte) 0));
        DiskCacheStore store = open(each * 3 + each / 2, MIB);
        join(store.put("k0", sized(1_000, (byte) 0)));
        join(store.put("k1", sized(1_000, (byte) 1)));
        join(store.put("k2", sized(1_000, (byte) 2)));
        assertTrue(join(store.get("k0")).isPresent()); // k1 is now the least recently used

        join(store.put("k3", sized(1_000, (byte) 3)));
        assertEquals(Optional.empty(), join(store.get("k1")));
        assertFalse(Files.exists(fileOf("k1")), "the evicted file is deleted by the time the put completes");
        for (String key : List.of("k0", "k2", "k3")) {
            assertTrue(join(store.get(key)).isPresent(), key);
        }
        CacheStats stats = store.stats();
        assertEquals(3, stats.entries());
        assertEquals(1, stats.evictions());
        assertTrue(store.fileBytes() <= stats.maxBytes());
        assertEquals(3, entryFiles().size());

        // A smaller bound evicts down to it.
        join(store.resize(each, MIB));
        assertEquals(1, store.stats().entries());
        assertEquals(1, entryFiles().size());
    }

    @Test
    void afterARestartTheOldestFilesAreEvictedFirst() throws Exception {
        long each = fileSize("k0", sized(1_000, (byte) 0));
        DiskCacheStore store = open(each * 3, MIB);
        for (int i = 0; i < 3; i++) {
            join(store.put("k" + i, sized(1_000, (byte) i)));
        }
        join(store.close());
        opened.remove(store);
        // k1 written longest ago, then k2, then k0.
        Files.setLastModifiedTime(fileOf("k1"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(fileOf("k2"), FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(fileOf("k0"), FileTime.fromMillis(3_000_000));

        DiskCacheStore again = open(each * 3, MIB);
        assertEquals(List.of("k1", "k2", "k0"), again.keysByAge());
        join(again.put("k3", sized(1_000, (byte) 3)));
        assertEquals(List.of("k2", "k0", "k3"), again.keysByAge());
        assertFalse(Files.exists(fileOf("k1")));
    }

    @Test
    void aStoreOverItsBoundAtStartEvictsDownToIt() throws Exception {
        long each = fileSize("k0", sized(1_000, (byte) 0));
        DiskCacheStore store = open(each * 10, MIB);
        for (int i = 0; i < 10; i++) {
            join(store.put("k" + i, sized(1_000, (byte) i)));
        }
        join(store.close());
        opened.remove(store);

        DiskCacheStore smaller = open(each * 4, MIB);
        assertEquals(4, smaller.stats().entries());
        assertEquals(4, entryFiles().size());
    }

    @Test
    void purgesByPrefixAlsoAcrossARestart() throws Exception {
        DiskCacheStore store = open();
        for (String key : List.of("api|http://h/a", "api|http://h/a/b", "api|http://h/b", "apiv2|http://h/a", "web|http://h/a")) {
            join(store.put(key, text(key)));
        }
        assertEquals(2L, join(store.purge("api|http://h/a")));
        assertFalse(Files.exists(fileOf("api|http://h/a/b")));
        assertEquals(0L, join(store.purge("nothing|")));

        DiskCacheStore again = restart(store);
        assertEquals(3, again.stats().entries());
        assertEquals(Optional.empty(), join(again.get("api|http://h/a")));
        assertEquals(1L, join(again.purge("api|")));
        assertTrue(join(again.get("apiv2|http://h/a")).isPresent());

        DiskCacheStore third = restart(again);
        assertEquals(2, third.stats().entries());
        assertEquals(2L, join(third.purge("")));
        assertEquals(0, entryFiles().size());
        assertEquals(0, third.stats().bytes());
    }

    @Test
    void aFlippedByteIsAMissAndTheFileIsDeleted() throws Exception {
        DiskCacheStore store = open();
        join(store.put("k", sized(5_000, (byte) 'x')));
        join(store.put("other", text("fine")));
        Path file = fileOf("k");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'y'}), Files.size(file) - 100); // inside the body
        }

        assertEquals(Optional.empty(), join(store.get("k")));
        assertFalse(Files.exists(file));
        assertEquals(1, store.corrupt());
        assertEquals(1, store.stats().entries());
        assertEquals(1, store.stats().misses());
        assertEquals(Optional.empty(), join(store.get("k")));
        assertEquals("fine", bodyText(join(store.get("other")).orElseThrow()));
    }

    @Test
    void aFlippedHeaderByteIsAMissToo() throws Exception {
        DiskCacheStore store = open();
        join(store.put("k", text("body")));
        Path file = fileOf("k");
        byte[] bytes = Files.readAllBytes(file);
        bytes[9] ^= 1; // the status
        Files.write(file, bytes);

        assertEquals(Optional.empty(), join(store.get("k")));
        assertFalse(Files.exists(file));
    }

    @Test
    void aTruncatedFileIsAMissAndTheFileIsDeleted() throws Exception {
        DiskCacheStore store = open();
        join(store.put("k", sized(5_000, (byte) 1)));
        Path file = fileOf("k");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) / 2);
        }

        assertEquals(Optional.empty(), join(store.get("k")));
        assertFalse(Files.exists(file));
        assertEquals(1, store.corrupt());
    }

    @Test
    void anotherKeysFileInPlaceIsNeverServed() throws Exception {
        DiskCacheStore store = open();
        join(store.put("a", text("for a")));
        join(store.put("b", text("for b")));
        Files.copy(fileOf("a"), fileOf("b"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertEquals(Optional.empty(), join(store.get("b")));
        assertFalse(Files.exists(fileOf("b")));
        assertEquals("for a", bodyText(join(store.get("a")).orElseThrow()));
    }

    @Test
    void startupDeletesTempFilesAndInvalidFilesAndKeepsTheLastCompleteVersion() throws Exception {
        DiskCacheStore store = open();
        join(store.put("kept", text("version 1")));
        join(store.put("torn", sized(3_000, (byte) 2)));
        join(store.put("misplaced", text("m")));
        join(store.close());
        opened.remove(store);

        // A crash in the middle of writing version 2 of "kept": half its bytes in the temp file.
        EntryCodec.Encoded v2 = EntryCodec.encode("kept", text("version 2, longer"));
        ByteBuffer head = v2.parts()[0].duplicate();
        head.limit(head.limit() / 2);
        Path keptTemp = new EntryFiles(dir).temp(EntryFiles.hash("kept"));
        Files.write(keptTemp, bytesOf(head));
        // A write that never got its rename, for a key that has no entry at all.
        Path newTemp = new EntryFiles(dir).temp(EntryFiles.hash("never"));
        Files.createDirectories(newTemp.getParent());
        Files.write(newTemp, new byte[] {1, 2, 3});
        // A file cut short (a disk that lost the tail), and a file under another key's name.
        try (FileChannel channel = FileChannel.open(fileOf("torn"), StandardOpenOption.WRITE)) {
            channel.truncate(100);
        }
        Files.createDirectories(fileOf("elsewhere").getParent());
        Files.move(fileOf("misplaced"), fileOf("elsewhere"));
        // Names the store does not own are left alone.
        Path foreign = dir.resolve("README.txt");
        Files.writeString(foreign, "mine");

        DiskCacheStore again = open();
        assertFalse(Files.exists(keptTemp));
        assertFalse(Files.exists(newTemp));
        assertFalse(Files.exists(fileOf("torn")));
        assertFalse(Files.exists(fileOf("elsewhere")));
        assertTrue(Files.exists(foreign));
        assertEquals("version 1", bodyText(join(again.get("kept")).orElseThrow()));
        assertEquals(Optional.empty(), join(again.get("never")));
        assertEquals(Optional.empty(), join(again.get("torn")));
        assertEquals(Optional.empty(), join(again.get("misplaced")));
        assertEquals(1, again.stats().entries());
        assertEquals(2, again.corrupt());
    }

    @Test
    void anOversizeEntryIsNotStoredAndDropsTheEarlierOne() throws Exception {
        DiskCacheStore store = open(MIB, 2_000);
        join(store.put("k", text("small")));
        join(store.put("k", sized(2_001, (byte) 1)));

        assertEquals(Optional.empty(), join(store.get("k")));
        assertEquals(1, store.rejected());
        assertEquals(0, entryFiles().size());
        join(store.put("fits", sized(1_900, (byte) 1)));
        assertTrue(join(store.get("fits")).isPresent());
    }

    @Test
    void textThatCannotBeStoredIsRejected() {
        DiskCacheStore store = open();
        join(store.put("bad\uD800", text("x")));
        assertEquals(Optional.empty(), join(store.get("bad\uD800")));
        assertEquals(1, store.rejected());
    }

    @Test
    void countsHitsMissesEntriesAndBytes() {
        DiskCacheStore store = open();
        join(store.put("a", text("1")));
        join(store.put("b", text("22")));
        join(store.get("a"));
        join(store.get("a"));
        join(store.get("zzz"));

        CacheStats stats = store.stats();
        assertEquals(2, stats.entries());
        assertEquals(text("1").weight() + text("22").weight(), stats.bytes());
        assertEquals(64 * MIB, stats.maxBytes());
        assertEquals(2, stats.hits());
        assertEquals(1, stats.misses());
        assertEquals(0, stats.evictions());
    }

    @Test
    void aDirectoryRemovedWhileRunningIsRecreatedEmpty() throws Exception {
        DiskCacheStore store = open();
        join(store.put("a", text("1")));
        join(store.put("b", text("2")));
        deleteTree(dir);

        assertEquals(Optional.empty(), join(store.get("a")));
        assertEquals(0, store.stats().entries());
        assertTrue(Files.isDirectory(dir));
        join(store.put("c", text("3")));
        assertEquals("3", bodyText(join(store.get("c")).orElseThrow()));
        assertEquals(1, store.stats().entries());

        deleteTree(dir);
        join(store.put("d", text("4"))); // a write notices it too
        assertEquals(1, store.stats().entries());
        assertEquals("4", bodyText(join(store.get("d")).orElseThrow()));
    }

    @Test
    void concurrentAccessNeverReturnsWrongDataAndKeepsCountsExact() throws Exception {
        long each = fileSize("r0|http://h/000", text("r0|http://h/000#0#" + "p".repeat(400)));
        DiskCacheStore store = open(each * 40, MIB);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 300; i++) {
                        String key = "r" + random.nextInt(3) + "|http://h/" + String.format("%03d", random.nextInt(60));
                        int op = random.nextInt(10);
                        if (op < 4) {
                            join(store.put(key, text(key + "#" + thread + "#" + "p".repeat(400))));
                        } else if (op < 9) {
                            join(store.get(key)).ifPresent(r -> assertTrue(bodyText(r).startsWith(key + "#"), key));
                        } else if (i % 50 == 0) {
                            join(store.purge("r" + random.nextInt(3) + "|"));
                        } else {
                            join(store.remove(key));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // Every operation has completed, so the index and the directory agree exactly.
        List<Path> files = entryFiles();
        assertEquals(files.size(), store.stats().entries());
        long onDisk = 0;
        for (Path file : files) {
            onDisk += Files.size(file);
        }
        assertEquals(onDisk, store.fileBytes());
        assertTrue(store.fileBytes() <= store.maxBytes());
        assertEquals(0, store.corrupt());
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(0, all.filter(p -> p.toString().endsWith(EntryFiles.TEMP_SUFFIX)).count());
        }
        DiskCacheStore again = restart(store);
        assertEquals(files.size(), again.stats().entries());
        assertEquals(onDisk, again.fileBytes());
    }

    @Test
    void aClosedStoreMissesAndRefusesWrites() {
        DiskCacheStore store = open();
        join(store.put("a", text("1")));
        join(store.close());
        assertEquals(Optional.empty(), join(store.get("a")));
        assertTrue(store.put("b", text("2")).toCompletableFuture().isCompletedExceptionally());
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
