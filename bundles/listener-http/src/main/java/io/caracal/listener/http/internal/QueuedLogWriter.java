package io.caracal.listener.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.jetty.server.RequestLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's daily rolling log file writer behind a bounded queue: request threads only enqueue a
 * finished line; a writer thread of the log's own takes whatever has queued up and writes it with
 * one write and flush (Jetty's own asynchronous writer flushes, and so makes a system call, per
 * line, and is woken per line). When the queue is empty the writer checks again after a short
 * pause instead of being signalled, so a request never wakes it; lines reach the file within
 * {@value #MAX_IDLE_MILLIS} ms. When the disk cannot keep up and the queue is full, lines are
 * dropped rather than making requests wait; the drops are counted and reported at most every ten
 * seconds.
 */
final class QueuedLogWriter extends RequestLogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedLogWriter.class);

    /** About 3 MB of typical lines: seconds of traffic at a high rate, while the disk stalls. */
    static final int DEFAULT_CAPACITY = 10_000;

    /** Lines written with one write. */
    private static final int BATCH = 512;
    /** The writer's pause when the queue is empty grows from 1 ms to this while nothing comes. */
    static final int MAX_IDLE_MILLIS = 20;

    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_TIMEOUT_MILLIS = 5_000;

    private final BlockingQueue<String> queue;
    private final String listenerName;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    /** The writer thread while the log is open; null once it is to finish. */
    private volatile Thread writer;

    QueuedLogWriter(String listenerName, String fileName, int retainDays, int capacity) {
        super(fileName);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listenerName = listenerName;
        setAppend(true);
        setRetainDays(retainDays);
        // Roll over at midnight UTC, the zone of the dates in the lines.
        setTimeZone("UTC");
        setFilenameDateFormat("yyyy_MM_dd");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Thread thread = new Thread(this::writeQueued, "access-log-" + listenerName);
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    /** Lets the writer write out what is queued (waiting at most five seconds), then closes the file. */
    @Override
    protected void doStop() throws Exception {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join(DRAIN_TIMEOUT_MILLIS);
        }
        super.doStop();
    }

    /** The writer thread: batches of queued lines until stopped, then what is left. */
    private void writeQueued() {
        List<String> batch = new ArrayList<>(BATCH);
        StringBuilder text = new StringBuilder(BATCH * 256);
        String separator = System.lineSeparator();
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            queue.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                if (writer != Thread.currentThread()) {
                    return; // stopped, and nothing is left
                }
                LockSupport.parkNanos(idleNanos);
                idleNanos = Math.min(idleNanos * 2, TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MILLIS));
                continue;
            }
            idleNanos = TimeUnit.MILLISECONDS.toNanos(1);
            text.setLength(0);
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    text.append(separator);
                }
                text.append(batch.get(i));
            }
            batch.clear();
            try {
                super.write(text.toString()); // adds the last separator and flushes
            } catch (IOException | RuntimeException e) {
                LOG.warn("Access log of listener '{}' ({}) could not be written: {}", listenerName, getFileName(),
                        e.toString());
            }
        }
    }

    @Override
    public void write(String line) {
        if (!isRunning() || writer == null || !queue.offer(line)) {
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

    /** Writes out what is queued (for a bounded time: see {@link #doStop}) and closes the file. */
    void drainAndStop() throws Exception {
        stop();
        if (!queue.isEmpty()) {
            LOG.warn("Access log of listener '{}' closed with {} lines unwritten", listenerName, queue.size());
        }
    }

    @Override
    public String toString() {
        return "access log " + getFileName();
    }
}
