package io.caracal.core.internal.proxy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.caracal.api.filter.FilterDecision;
import io.caracal.core.internal.filter.FilterRun;
import io.caracal.core.internal.filter.ResponseInspectors;

import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one upstream response back from the client until the request's response inspectors have
 * decided. The start of the body, up to their largest limit, is copied into one array; the rest of
 * the chunk that crossed the limit is kept (retained) and nothing more is demanded, so no thread
 * waits and back-pressure holds the upstream. The inspectors run on a worker thread, because the
 * upstream's callbacks may come on the cluster client's selector; when no inspector wants the body
 * and the head arrives on a pool thread already, they run there. Let through, the response reaches
 * the attempt as if it had just arrived (head, buffered bytes, that rest, then the stream); refused,
 * it is aborted (unless read to its end, so the connection stays usable) and the attempt answers
 * with the rejection when the exchange completes.
 *
 * <p>The upstream's callbacks and the decision meet under this object's lock. Between a chunk and
 * its demand nothing else arrives, so at most one chunk is ever held.
 */
final class ResponseInspection {

    /** What the attempt does with a response that is let through, and with the end of its exchange. */
    interface Target {

        void deliverHead(org.eclipse.jetty.client.Response upstreamResponse);

        void deliverContent(org.eclipse.jetty.client.Response upstreamResponse, Content.Chunk chunk, Runnable demander);

        void deliverSuccess(org.eclipse.jetty.client.Response upstreamResponse);

        void completeExchange(Result result);
    }

    private enum State { BUFFERING, DECIDING, PASSING, REFUSED, FAILED }

    private static final Logger LOG = LoggerFactory.getLogger(ResponseInspection.class);

    /** What an inspector may ask for at most. */
    private static final int MAX_LIMIT = Integer.MAX_VALUE - 16;
    /** The first array for a body of unknown length; it grows as the body comes. */
    private static final int INITIAL_CAPACITY = 8 * 1024;
    private static final byte[] NONE_YET = new byte[0];

    private final Target target;
    private final org.eclipse.jetty.client.Response upstreamResponse;
    private final ResponseInspectors inspectors;
    private final Executor executor;
    private final List<Map.Entry<String, String>> headerFields;
    private final long contentLength;
    // Written by the upstream's callbacks before the decision is dispatched, read by it afterwards.
    private int limit;
    private byte[] bytes = NONE_YET;
    private int length;
    private boolean lastChunkSeen;

    // Guarded by this.
    private State state = State.BUFFERING;
    /** A chunk that arrived while deciding, or whose rest lies past the limit; retained. */
    private Content.Chunk held;
    private ByteBuffer heldRest;
    /** Resumes reading the upstream's body once the response is let through. */
    private Runnable demander;
    /** The upstream's body ended. */
    private boolean ended;
    /** The end of the exchange, when it came before the decision. */
    private Result parked;
    private FilterDecision refusal;

    ResponseInspection(Target target, org.eclipse.jetty.client.Response upstreamResponse,
            ResponseInspectors inspectors, Executor executor) {
        this.target = target;
        this.upstreamResponse = upstreamResponse;
        this.inspectors = inspectors;
        this.executor = executor;
        this.headerFields = HeldResponse.fieldsOf(upstreamResponse);
        this.contentLength = upstreamResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    /** Called with the response head: asks for the limits, and decides at once when no inspector wants the body. */
    void start() {
        FilterRun.BodyLimit asked = inspectors.bodyLimit(upstreamResponse.getStatus(), headerFields, true);
        if (asked.failure() != null) {
            refuse(asked.failure());
            return;
        }
        limit = Math.max(0, Math.min(asked.bytes(), MAX_LIMIT));
        if (limit == 0) {
            synchronized (this) {
                state = State.DECIDING;
            }
            if (Invocable.isNonBlockingInvocation()) {
                dispatch(); // a selector's non-blocking callback: the inspectors' work goes elsewhere
            } else {
                decide(); // a pool thread already: no hand-over (and no wake-up) for a head-only decision
            }
        }
    }

    /** @return false when the response passes already and the caller delivers the chunk itself */
    boolean onContent(Content.Chunk chunk, Runnable demander) {
        synchronized (this) {
            switch (state) {
                case PASSING:
                    return false;
                case DECIDING:
                    hold(chunk, chunk.getByteBuffer().slice(), demander);
                    return true;
                case REFUSED:
                case FAILED:
                    return true; // nothing more is read
                default:
                    break;
            }
        }
        ByteBuffer buffer = chunk.getByteBuffer();
        int count = Math.min(buffer.remaining(), limit - length);
        copy(buffer, count);
        if (length < limit) {
            demander.run();
            return true;
        }
        boolean restLeft = count < buffer.remaining();
        lastChunkSeen = chunk.isLast() && !restLeft;
        synchronized (this) {
            if (state != State.BUFFERING) {
                return true; // the exchange failed meanwhile
            }
            if (restLeft) {
                hold(chunk, buffer.slice(buffer.position() + count, buffer.remaining() - count), demander);
            } else {
                this.demander = demander;
            }
            state = State.DECIDING;
        }
        dispatch();
        return true;
    }

    /** @return false when the response passes already and the caller delivers its end itself */
    boolean onSuccess() {
        boolean decideNow;
        synchronized (this) {
            if (state == State.PASSING) {
                return false;
            }
            ended = true;
            decideNow = state == State.BUFFERING;
            if (decideNow) {
                state = State.DECIDING;
            }
        }
        if (decideNow) {
            dispatch();
        }
        return true;
    }

    /**
     * @return true when the end of the exchange waits for the decision, which then hands it on;
     *         false for the caller to complete now (a failure while buffering is answered as usual)
     */
    boolean onComplete(Result result) {
        synchronized (this) {
            if (state == State.DECIDING || (state == State.BUFFERING && result.isSucceeded())) {
                parked = result;
                return true;
            }
            if (state == State.BUFFERING) {
                state = State.FAILED;
            }
            return false;
        }
    }

    /** The rejection that replaces the upstream's response, or null. */
    synchronized FilterDecision refusal() {
        return refusal;
    }

    private void hold(Content.Chunk chunk, ByteBuffer rest, Runnable demander) {
        chunk.retain();
        held = chunk;
        heldRest = rest;
        this.demander = demander;
    }

    /** Copies {@code count} bytes of {@code buffer} without moving its position. */
    private void copy(ByteBuffer buffer, int count) {
        if (count <= 0) {
            return;
        }
        if (length + count > bytes.length) {
            long first = contentLength >= 0 ? contentLength : INITIAL_CAPACITY;
            long grown = Math.max(length + (long) count, bytes.length == 0 ? first : bytes.length * 2L);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit));
        }
        buffer.get(buffer.position(), bytes, length, count);
        length += count;
    }

    private void dispatch() {
        try {
            executor.execute(this::decide);
        } catch (RejectedExecutionException e) {
            refuse(FilterDecision.reject(HttpStatus.SERVICE_UNAVAILABLE_503, "the proxy is overloaded, retry"));
        }
    }

    private void decide() {
        try {
            HeldResponse response;
            synchronized (this) {
                boolean complete = ended || lastChunkSeen || length == contentLength;
                response = new HeldResponse(upstreamResponse.getStatus(), headerFields, bytes, length, complete);
            }
            FilterDecision decision = inspectors.inspect(response, true);
            if (decision.allowed()) {
                pass();
            } else {
                refuse(decision);
            }
        } catch (RuntimeException | Error e) {
            // Nothing catches on a worker thread: without this, the exchange would wait for a decision forever.
            LOG.error("Passing on an inspected upstream response failed", e);
            fail(e);
        }
    }

    /** Ends the exchange as failed, unless the response passes already (its end then comes as usual). */
    private void fail(Throwable failure) {
        Content.Chunk chunk;
        Result result;
        synchronized (this) {
            if (state == State.PASSING) {
                chunk = null;
                result = null;
            } else {
                state = State.FAILED;
                chunk = held;
                result = parked;
                held = null;
                parked = null;
            }
        }
        if (chunk != null) {
            chunk.release();
        }
        upstreamResponse.abort(failure);
        if (result != null) {
            target.completeExchange(result.isFailed() ? result
                    : new Result(result.getRequest(), result.getRequestFailure(), result.getResponse(), failure));
        }
    }

    private void pass() {
        target.deliverHead(upstreamResponse);
        Content.Chunk chunk;
        ByteBuffer rest;
        Runnable demand;
        boolean end;
        Result result;
        synchronized (this) {
            state = State.PASSING;
            chunk = held;
            rest = heldRest;
            demand = demander;
            end = ended;
            result = parked;
            held = null;
            heldRest = null;
            demander = null;
            parked = null;
        }
        if (result != null && result.isFailed()) {
            // The upstream broke off while the inspectors decided: answered like any such failure.
            if (chunk != null) {
                chunk.release();
            }
            target.completeExchange(result);
            return;
        }
        replay(chunk, rest, () -> {
            if (end) {
                target.deliverSuccess(upstreamResponse);
            } else if (demand != null) {
                demand.run();
            }
        });
        if (result != null) {
            target.completeExchange(result); // it waits for the response to be written
        }
    }

    /** Delivers the buffered bytes, then the rest of the held chunk, then runs {@code next}. */
    private void replay(Content.Chunk chunk, ByteBuffer rest, Runnable next) {
        Runnable afterBuffered = chunk == null ? next : () -> {
            Content.Chunk piece = Content.Chunk.asChunk(rest, false, chunk);
            target.deliverContent(upstreamResponse, piece, next);
            piece.release(); // the hold's reference: the delivery retains what it still needs
        };
        if (length == 0) {
            afterBuffered.run();
            return;
        }
        Content.Chunk buffered = Content.Chunk.from(ByteBuffer.wrap(bytes, 0, length), false);
        target.deliverContent(upstreamResponse, buffered, afterBuffered);
        buffered.release();
    }

    private void refuse(FilterDecision decision) {
        Content.Chunk chunk;
        boolean end;
        Result result;
        synchronized (this) {
            state = State.REFUSED;
            refusal = decision;
            chunk = held;
            end = ended;
            result = parked;
            held = null;
            parked = null;
        }
        if (chunk != null) {
            chunk.release();
        }
        if (!end) {
            // The rest of the body is not wanted; the connection cannot be reused mid-body.
            upstreamResponse.abort(new RefusedResponseException());
        }
        if (result != null) {
            target.completeExchange(result);
        }
    }

    /** Marks an upstream response that a filter refused. */
    private static final class RefusedResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedResponseException() {
            super("the response was refused by a filter", null, false, false);
        }
    }
}
