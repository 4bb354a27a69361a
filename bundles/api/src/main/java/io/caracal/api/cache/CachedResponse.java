package io.caracal.api.cache;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable stored response: status, headers, body and the times the core needs to compute its
 * age (RFC 9111 section 4.2.3).
 *
 * @param status the response status code
 * @param headers the stored header fields, in order, as name/value pairs
 * @param body the complete body; read-only, and never modified by the store or the core
 * @param requestTimeMillis when the request that produced the response was sent (epoch millis)
 * @param responseTimeMillis when the response was received (epoch millis)
 */
public record CachedResponse(int status, List<Map.Entry<String, String>> headers, ByteBuffer body,
        long requestTimeMillis, long responseTimeMillis) {

    public CachedResponse {
        headers = List.copyOf(headers);
        body = Objects.requireNonNull(body, "body").asReadOnlyBuffer();
    }

    /** Bytes this entry accounts for in a store's bound: body plus header text. */
    public long weight() {
        long weight = body.remaining();
        for (Map.Entry<String, String> header : headers) {
            weight += header.getKey().length() + header.getValue().length() + 4;
        }
        return weight;
    }
}
