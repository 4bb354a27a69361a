package io.caracal.core.internal.filter;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one filter did on one route; kept across snapshots for the console and metrics. A request
 * whose upstream response the filter's inspector refuses (or throws on) moves from passed to
 * rejected (or failed): each request counts once.
 */
public final class FilterStats {

    final LongAdder passed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder failed = new LongAdder();

    public long passed() {
        return passed.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    /** Requests the filter threw on (each answered 500). */
    public long failed() {
        return failed.sum();
    }
}
