package io.caracal.listener.http.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.CyclicTimeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A request whose body must keep coming: each time the reader demands more body data, a timer
 * starts, and the data's arrival stops it. If the client stays silent for the whole timeout
 * ({@code request.body.timeout.ms}, nginx's {@code client_body_timeout}), the reader is woken
 * and reads a failure carrying 408, which the proxy turns into its 408 answer. Time the reader
 * itself spends between reads (a slow upstream pushing back) is not counted against the client.
 * <p>
 * The connection's idle timeout may expire first while the body stalls; Jetty then hands the
 * reader a {@link TimeoutException}, which is reported as the same 408.
 */
final class BodyTimeoutRequest extends Request.Wrapper {

    private final long timeoutMillis;
    /** The reader's demand callback while it waits for body data. */
    private final AtomicReference<Runnable> waiting = new AtomicReference<>();
    private volatile Content.Chunk timedOut;
    private volatile Timer timer;

    BodyTimeoutRequest(Request request, long timeoutMillis) {
        super(request);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk failure = timedOut;
        if (failure != null) {
            return failure;
        }
        Content.Chunk chunk = super.read();
        if (chunk == null) {
            return null;
        }
        if (Content.Chunk.isFailure(chunk) && chunk.getFailure() instanceof TimeoutException) {
            long idleMillis = getConnectionMetaData().getConnector().getIdleTimeout();
            return timeOut("the client sent no request body data within the idle timeout (" + idleMillis + " ms)");
        }
        if (chunk.isLast()) {
            complete(); // the whole body is in
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (timedOut != null) {
            // The failure is there to read right away.
            getComponents().getExecutor().execute(demandCallback);
            return;
        }
        waiting.set(demandCallback);
        timer().schedule(timeoutMillis, TimeUnit.MILLISECONDS);
        // Keep the reader's invocation type, so Jetty may still call it on the selector thread.
        super.demand(Invocable.from(Invocable.getInvocationType(demandCallback), this::contentArrived));
    }

    private void contentArrived() {
        Runnable demandCallback = waiting.getAndSet(null);
        if (demandCallback != null) {
            Timer current = timer;
            if (current != null) {
                current.cancel();
            }
            demandCallback.run();
        }
    }

    private void expired() {
        Runnable demandCallback = waiting.getAndSet(null);
        if (demandCallback == null) {
            return; // the data came just in time
        }
        timeOut("the client sent no request body data for " + timeoutMillis + " ms");
        getComponents().getExecutor().execute(demandCallback);
    }

    private Content.Chunk timeOut(String reason) {
        Content.Chunk failure = Content.Chunk.from(new HttpException.RuntimeException(HttpStatus.REQUEST_TIMEOUT_408, reason), true);
        timedOut = failure;
        complete();
        return failure;
    }

    /** The body was read to its end or the exchange is over: no more timing. */
    void complete() {
        waiting.set(null);
        Timer current = timer;
        if (current != null) {
            current.destroy();
        }
    }

    private Timer timer() {
        Timer current = timer;
        if (current == null) {
            current = new Timer();
            timer = current;
        }
        return current;
    }

    private final class Timer extends CyclicTimeout {

        Timer() {
            super(getConnectionMetaData().getConnector().getScheduler());
        }

        @Override
        public void onTimeoutExpired() {
            expired();
        }
    }
}
