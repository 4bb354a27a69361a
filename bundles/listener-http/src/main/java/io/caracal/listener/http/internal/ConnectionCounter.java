package io.caracal.listener.http.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Client connections of one listener, counted per TCP socket (by {@link GuardedEndPoint}), so a
 * TLS connection or an h2c upgrade counts once however many protocol layers it carries.
 */
final class ConnectionCounter {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder open = new LongAdder();

    void opened() {
        accepted.increment();
        open.increment();
    }

    void closed() {
        open.decrement();
    }

    /** Connections accepted since the listener opened. */
    long accepted() {
        return accepted.sum();
    }

    /** Connections open now. */
    long open() {
        return Math.max(0, open.sum());
    }
}
