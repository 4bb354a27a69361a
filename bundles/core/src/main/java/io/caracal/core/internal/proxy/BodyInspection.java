package io.caracal.core.internal.proxy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads the start of a request body for the route's body filters, up to their limit plus one byte
 * (to tell whether the body is longer), copying it into one array. It never holds a thread while
 * the client sends: it reads what has arrived and demands the rest, and Jetty calls it back (on a
 * worker thread: it is a blocking task to Jetty, because the filters run when it is done). A client
 * that waits for {@code 100 Continue} gets it with the first read.
 */
final class BodyInspection implements Runnable {

    /** What a filter may ask for at most: the array holds one byte more. */
    private static final int MAX_LIMIT = Integer.MAX_VALUE - 16;
    /** The first array for a body of unknown length; it grows as the body comes. */
    private static final int INITIAL_CAPACITY = 8 * 1024;
    private static final byte[] NONE_YET = new byte[0];

    /** Hears how the reading ended; called once, on the thread that read the last chunk. */
    interface Listener {

        void inspected(InspectedBody body);

        /** The client's body failed: it aborted, it timed out, it was malformed. */
        void failed(Throwable failure);
    }

    private final Request request;
    private final int limit;
    private final long declaredLength;
    private final Listener listener;
    /** Allocated with the first bytes: many requests that may have a body turn out to have none. */
    private byte[] bytes = NONE_YET;
    private int length;

    private BodyInspection(Request request, int limit, Listener listener) {
        this.request = request;
        this.limit = Math.min(limit, MAX_LIMIT);
        this.declaredLength = request.getLength();
        this.listener = listener;
    }

    /**
     * Starts reading; {@code listener} hears the outcome, maybe before this returns.
     *
     * @param limit the most body bytes the filters want to see, at least 1
     */
    static void start(Request request, int limit, Listener listener) {
        new BodyInspection(request, limit, listener).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                listener.failed(chunk.getFailure());
                return;
            }
            copy(chunk.getByteBuffer());
            if (chunk.hasRemaining()) {
                // The limit ends inside this chunk: its rest goes upstream after the array.
                listener.inspected(new InspectedBody(bytes, length, limit, false, declaredLength, chunk));
                return;
            }
            boolean whole = chunk.isLast() || length == declaredLength;
            chunk.release();
            if (whole || length > limit) {
                listener.inspected(new InspectedBody(bytes, length, limit, whole, declaredLength, null));
                return;
            }
        }
    }

    /** Copies as much of {@code buffer} as fits under the limit plus one, advancing its position. */
    private void copy(ByteBuffer buffer) {
        int count = (int) Math.min(buffer.remaining(), limit + 1L - length);
        if (count <= 0) {
            return;
        }
        if (length + count > bytes.length) {
            // The declared length, when there is one, is the size; else the array doubles as the body comes.
            long first = declaredLength >= 0 ? declaredLength : INITIAL_CAPACITY;
            long grown = Math.max(length + (long) count, bytes.length == 0 ? first : bytes.length * 2L);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit + 1L));
        }
        buffer.get(bytes, length, count);
        length += count;
    }
}
