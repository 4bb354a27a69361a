package io.caracal.cache.disk.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's I/O threads: a few single-thread lanes. Every change to one key (put, remove,
 * deleting its evicted or corrupt file, purging it) runs on the lane its key hashes to, in the
 * order it was asked for, so two changes of one key never overlap and a later one always wins.
 * Reads change nothing and go to whichever lane has less queued.
 *
 * <p>Stages complete on these threads: callers with real work to do should continue with an
 * {@code *Async} method rather than hold up the disk.
 */
final class Lanes {

    private final ThreadPoolExecutor[] executors;
    private final AtomicInteger[] queued;
    private final AtomicInteger running;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    Lanes(String threadName, int count) {
        executors = new ThreadPoolExecutor[count];
        queued = new AtomicInteger[count];
        running = new AtomicInteger(count);
        for (int i = 0; i < count; i++) {
            String name = threadName + "-" + i;
            queued[i] = new AtomicInteger();
            executors[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, name);
                // A JVM exit mid-write leaves a temp file, which the next start deletes.
                thread.setDaemon(true);
                return thread;
            }) {
                @Override
                protected void terminated() {
                    if (running.decrementAndGet() == 0) {
                        Lanes.this.terminated.complete(null);
                    }
                }
            };
        }
    }

    int count() {
        return executors.length;
    }

    int laneOf(String key) {
        return Math.floorMod(key.hashCode(), executors.length);
    }

    /** The lane with the fewest tasks waiting or running. */
    int leastBusy() {
        int best = 0;
        for (int i = 1; i < queued.length; i++) {
            if (queued[i].get() < queued[best].get()) {
                best = i;
            }
        }
        return best;
    }

    /** Runs {@code task} on {@code lane}; fails with IllegalStateException once the lanes are shut down. */
    <T> CompletableFuture<T> submit(int lane, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        queued[lane].incrementAndGet();
        try {
            executors[lane].execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    queued[lane].decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued[lane].decrementAndGet();
            result.completeExceptionally(new IllegalStateException("the cache store is closed"));
        }
        return result;
    }

    /** Stops taking tasks; those queued still run. */
    void shutdown() {
        for (ThreadPoolExecutor executor : executors) {
            executor.shutdown();
        }
    }

    /** Completes once every queued task has run after {@link #shutdown()}. */
    CompletionStage<Void> terminated() {
        return terminated.minimalCompletionStage();
    }
}
