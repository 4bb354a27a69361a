package io.caracal.itests.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling: waits for a condition instead of sleeping a fixed time. */
final class Poll {

    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    /**
     * Calls {@code probe} until its result satisfies {@code done}, and returns that result.
     * Exceptions from the probe count as "not yet". On timeout, fails with the last result or
     * exception and {@code diagnostics}.
     */
    static <T> T until(Duration timeout, String description, Callable<T> probe, Predicate<? super T> done,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastFailure = null;
        while (true) {
            try {
                last = probe.call();
                lastFailure = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description, e);
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String lastSeen = lastFailure != null ? "last probe failed: " + lastFailure : "last value: " + last;
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + description + "; " + lastSeen + diagnostics.get());
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description, e);
            }
        }
    }

    static <T> T until(Duration timeout, String description, Callable<T> probe, Predicate<? super T> done) {
        return until(timeout, description, probe, done, () -> "");
    }
}
