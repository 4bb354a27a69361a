package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A copy of a response body as it streams past, up to a bound; past the bound it is dropped and
 * stays dropped (the response then goes unstored).
 */
final class BodyBuffer {

    private final long max;
    private byte[] bytes;
    private int size;
    private boolean overflowed;

    /** @param contentLength the announced length, or -1 */
    BodyBuffer(long contentLength, long max) {
        this.max = max;
        this.bytes = new byte[(int) Math.min(max, contentLength >= 0 ? contentLength : 8192)];
    }

    /** Copies the chunk's remaining bytes without moving its position; false once over the bound. */
    boolean add(ByteBuffer chunk) {
        if (overflowed) {
            return false;
        }
        int length = chunk.remaining();
        if (size + (long) length > max) {
            overflowed = true;
            bytes = null;
            return false;
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(max, Math.max(size + length, 2L * bytes.length)));
        }
        chunk.get(chunk.position(), bytes, size, length);
        size += length;
        return true;
    }

    int size() {
        return size;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** The body, without spare capacity worth giving back. */
    ByteBuffer toBuffer() {
        if (bytes.length - size > 4096) {
            bytes = Arrays.copyOf(bytes, size);
        }
        return ByteBuffer.wrap(bytes, 0, size);
    }
}
