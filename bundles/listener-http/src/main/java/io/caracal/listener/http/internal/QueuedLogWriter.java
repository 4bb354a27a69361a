package io.caracal.listener.http.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's asynchronous, daily rolling log file writer with a bounded queue: request threads only
 * enqueue a finished line, Jetty's writer thread does the file I/O. When the disk cannot keep up
 * and the queue is full, lines are dropped rather than making requests wait; the drops are
 * counted and reported at most every ten seconds (Jetty's own writer would log every drop).
 */
final class QueuedLogWriter extends AsyncRequestLogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedLogWriter.class);

    /** About 3 MB of typical lines: seconds of traffic at a high rate, while the disk stalls. */
    static final int DEFAULT_CAPACITY = 10_000;

    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_TIMEOUT_MILLIS = 5_000;

    private final BlockingQueue<String> queue;
    private final String listenerName;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    QueuedLogWriter(String listenerName, String fileName, int retainDays, int capacity) {
        this(listenerName, fileName, retainDays, new BlockingArrayQueue<>(capacity));
    }

    private QueuedLogWriter(String listenerName, String fileName, int retainDays, BlockingQueue<String> queue) {
        super(fileName, queue);
        this.queue = queue;
        this.listenerName = listenerName;
        setAppend(true);
        setRetainDays(retainDays);
        // Roll over at midnight UTC, the zone of the dates in the lines.
        setTimeZone("UTC");
        setFilenameDateFormat("yyyy_MM_dd");
    }

    @Override
    public void write(String line) {
        if (!isRunning() || !queue.offer(line)) {
            dropped();
        }
    }

    private void dropped() {
        dropped.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Access log of listener '{}' ({}) cannot keep up: {} lines dropped so far", listenerName,
                    getFileName(), dropped.sum());
        }
    }

    /** Lines dropped because the queue was full (or the writer already stopped). */
    long droppedLines() {
        return dropped.sum();
    }

    /** The file written today. */
    String currentFile() {
        String dated = getDatedFilename();
        return dated != null ? dated : getFileName();
    }

    /**
     * Lets the writer thread write out what is queued (for a bounded time) and then stops it.
     * The wait happens while the writer still runs: Jetty's writer thread ends as soon as it sees
     * the writer stopping, leaving whatever is still queued unwritten.
     */
    void drainAndStop() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MILLIS);
        while (isRunning() && !queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (!queue.isEmpty()) {
            LOG.warn("Access log of listener '{}' closed with {} lines unwritten", listenerName, queue.size());
        }
        stop();
    }

    @Override
    public String toString() {
        return "access log " + getFileName();
    }
}
