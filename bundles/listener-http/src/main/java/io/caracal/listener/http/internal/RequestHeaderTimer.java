package io.caracal.listener.http.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.CyclicTimeout;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The request header deadline of one connection ({@code request.header.timeout.ms}), against
 * clients that trickle header bytes to hold connections open (slowloris).
 * <ul>
 * <li>A new connection must deliver its first complete request header within the timeout,
 * counted from the accept, TLS handshake included; one that sends nothing is closed too.</li>
 * <li>After a response (HTTP/1 keep-alive) the connection is idle: while the client sends
 * nothing, only the idle timeout applies. Its next byte starts the clock again.</li>
 * <li>An HTTP/2 connection is covered until its first request; its streams then multiplex
 * and have no gap between requests to time, so the idle timeout covers them.</li>
 * </ul>
 * Jetty's {@link CyclicTimeout} keeps one scheduler task per connection however often the
 * deadline is set and cancelled, so keep-alive requests cost two atomic operations each.
 */
final class RequestHeaderTimer extends CyclicTimeout {

    /** Waiting for the first request; the clock runs from the accept. */
    private static final int FIRST = 0;
    /** Between requests, nothing received yet: no clock. */
    private static final int IDLE = 1;
    /** Bytes of the next request arrived: the clock runs. */
    private static final int RECEIVING = 2;
    /** A request's header is complete and it is being handled. */
    private static final int HANDLING = 3;
    /** Nothing more to time: HTTP/2, or the connection closed. */
    private static final int OFF = 4;
    /** The deadline passed and the connection is being cut off. */
    private static final int EXPIRED = 5;

    private final long timeoutMillis;
    private final GuardedEndPoint endPoint;
    private final AtomicInteger state = new AtomicInteger(FIRST);

    RequestHeaderTimer(Scheduler scheduler, long timeoutMillis, GuardedEndPoint endPoint) {
        super(scheduler);
        this.timeoutMillis = timeoutMillis;
        this.endPoint = endPoint;
    }

    /** The connection was accepted. */
    void start() {
        schedule(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Called for every read from the socket, so it costs one volatile read unless idle. */
    void bytesReceived() {
        if (state.get() == IDLE && state.compareAndSet(IDLE, RECEIVING)) {
            schedule(timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A request header is complete.
     *
     * @param multiplexed whether it came over HTTP/2, which ends the timing of this connection
     * @return false when the deadline won the race and the connection is being cut off
     */
    boolean requestStarted(boolean multiplexed) {
        while (true) {
            int current = state.get();
            if (current == EXPIRED) {
                return false;
            }
            if (current == OFF) {
                return true;
            }
            if (state.compareAndSet(current, multiplexed ? OFF : HANDLING)) {
                cancel();
                return true;
            }
        }
    }

    /** The response to an HTTP/1 request is complete: the connection idles until its next byte. */
    void requestCompleted() {
        state.compareAndSet(HANDLING, IDLE);
    }

    /** The connection closed. */
    void stop() {
        state.set(OFF);
        destroy();
    }

    @Override
    public void onTimeoutExpired() {
        int current = state.get();
        if ((current == FIRST || current == RECEIVING) && state.compareAndSet(current, EXPIRED)) {
            endPoint.headerTimedOut(current == FIRST);
        }
    }
}
