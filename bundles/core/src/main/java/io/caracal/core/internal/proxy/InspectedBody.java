package io.caracal.core.internal.proxy;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import io.caracal.api.filter.RequestBody;

import org.eclipse.jetty.io.Content;

/**
 * The start of a request body, read for the route's body filters, which the upstream must still
 * receive in full: the bytes read into one array, then the unread rest of the chunk the reading
 * stopped in (if it stopped inside one), then whatever the client has not sent yet.
 */
final class InspectedBody implements RequestBody {

    private final byte[] bytes;
    private final int length;
    /** The most bytes the filters see; {@link #bytes} may hold one more, to tell that the body is longer. */
    private final int limit;
    /** Every byte of the body is in {@link #bytes}: it can be sent again, to another upstream. */
    private final boolean whole;
    private final long declaredLength;
    /** The rest of the chunk in which the reading stopped, until the upstream request or the end of the request takes it. */
    private final AtomicReference<Content.Chunk> rest;

    InspectedBody(byte[] bytes, int length, int limit, boolean whole, long declaredLength, Content.Chunk rest) {
        this.bytes = bytes;
        this.length = length;
        this.limit = limit;
        this.whole = whole;
        this.declaredLength = declaredLength;
        this.rest = new AtomicReference<>(rest);
    }

    @Override
    public ByteBuffer content() {
        return ByteBuffer.wrap(bytes, 0, Math.min(length, limit)).slice().asReadOnlyBuffer();
    }

    @Override
    public boolean complete() {
        return whole && length <= limit;
    }

    @Override
    public long declaredLength() {
        return declaredLength;
    }

    /** Whether the request had no body after all (a chunked body of no bytes). */
    boolean isEmpty() {
        return length == 0 && whole;
    }

    /** Whether the whole body is held, so that it can be sent to the upstream more than once. */
    boolean replayable() {
        return whole;
    }

    /** The bytes read, as a chunk of their own for each attempt; the last one when the body is {@link #replayable()}. */
    Content.Chunk buffered() {
        return Content.Chunk.from(ByteBuffer.wrap(bytes, 0, length), whole);
    }

    /** Takes the rest of the chunk the reading stopped in, or null: the taker releases it. */
    Content.Chunk takeRest() {
        return rest.getAndSet(null);
    }

    boolean hasRest() {
        return rest.get() != null;
    }

    /** Releases the rest of the chunk if no upstream request took it (the filters refused, the cache answered …). */
    void release() {
        Content.Chunk chunk = takeRest();
        if (chunk != null) {
            chunk.release();
        }
    }
}
