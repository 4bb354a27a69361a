package io.caracal.itests.osgi;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling: configuration changes reach components asynchronously, so tests wait for the
 * effect they expect rather than for a fixed time.
 */
final class Await {

    /** Long enough for a slow CI machine, short enough that a real failure reports quickly. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 25;

    @FunctionalInterface
    interface Condition {
        boolean test() throws Exception;
    }

    private Await() {
    }

    /** Waits until {@code condition} holds, or fails naming {@code what} and the last error seen. */
    static void until(String what, Condition condition) throws InterruptedException {
        until(() -> what, DEFAULT_TIMEOUT, condition);
    }

    /** As {@link #until(String, Condition)}; {@code what} is computed on failure, e.g. to show the last reply. */
    static void until(Supplier<String> what, Condition condition) throws InterruptedException {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    static void until(Supplier<String> what, Duration timeout, Condition condition) throws InterruptedException {
        Exception last = poll(timeout, condition);
        if (last != null) {
            AssertionError error = new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: "
                    + what.get() + (last instanceof NotYet ? "" : " (last error: " + last + ")"));
            if (!(last instanceof NotYet)) {
                error.initCause(last);
            }
            throw error;
        }
    }

    /** Waits until {@code condition} holds; returns whether it did. */
    static boolean holds(Duration timeout, Condition condition) throws InterruptedException {
        return poll(timeout, condition) == null;
    }

    /** @return null when the condition held, else the last exception (or {@link NotYet}) */
    private static Exception poll(Duration timeout, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last;
        do {
            try {
                if (condition.test()) {
                    return null;
                }
                last = new NotYet();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e; // e.g. connection refused while a port opens: try again
            }
            Thread.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static final class NotYet extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
