package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.caracal.api.cache.CachedResponse;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A stored response as the core reads it: its header fields as {@link HttpFields}, its
 * Cache-Control, and the age and freshness computations of RFC 9111 section 4.2.
 *
 * <p>A response with Vary is kept under a variant key; its primary key then holds a variant
 * marker (status 0, never served) naming the Vary fields and a generation that is part of the
 * variant keys: a new marker (the Vary changed, or the URL was invalidated) makes the variants of
 * the old one unreachable, so they cannot be served mixed with newer ones.
 */
final class StoredEntry {

    /** Status of a variant marker. */
    static final int MARKER_STATUS = 0;
    static final String GENERATION_FIELD = "Caracal-Variant-Generation";

    private final String key;
    private final CachedResponse response;
    private final HttpFields headers;
    private final CacheControl control;

    private StoredEntry(String key, CachedResponse response) {
        this.key = key;
        this.response = response;
        HttpFields.Mutable fields = HttpFields.build(response.headers().size() + 4);
        for (Map.Entry<String, String> header : response.headers()) {
            fields.add(header.getKey(), header.getValue());
        }
        this.headers = fields.asImmutable();
        this.control = CacheControl.of(headers);
    }

    static StoredEntry of(String key, CachedResponse response) {
        return new StoredEntry(key, response);
    }

    /** A marker for a response that varies on {@code vary}, with a fresh generation. */
    static CachedResponse marker(Vary vary, long now) {
        String generation = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return new CachedResponse(MARKER_STATUS, List.of(Map.entry(HttpHeader.VARY.asString(), vary.joinedNames()),
                Map.entry(GENERATION_FIELD, generation)), ByteBuffer.allocate(0), now, now);
    }

    /** Whether this is a variant marker rather than a response. */
    boolean marker() {
        return response.status() == MARKER_STATUS;
    }

    String generation() {
        return headers.get(GENERATION_FIELD);
    }

    String key() {
        return key;
    }

    CachedResponse response() {
        return response;
    }

    int status() {
        return response.status();
    }

    HttpFields headers() {
        return headers;
    }

    CacheControl control() {
        return control;
    }

    Vary vary() {
        return Vary.of(headers);
    }

    long bodyLength() {
        return response.body().remaining();
    }

    /** A read-only view of the body of its own, positioned at its start. */
    ByteBuffer body() {
        return response.body().duplicate();
    }

    long lifetime(long heuristicMaxSeconds) {
        return Freshness.lifetime(response.status(), headers, control, response.responseTimeMillis(), heuristicMaxSeconds);
    }

    long age(long now) {
        return Freshness.age(headers, response.requestTimeMillis(), response.responseTimeMillis(), now);
    }

    long responseTime() {
        return response.responseTimeMillis();
    }

    /** Whether a conditional request can revalidate it (RFC 9111 section 4.3.1). */
    boolean hasValidators() {
        return headers.contains(HttpHeader.ETAG) || headers.contains(HttpHeader.LAST_MODIFIED);
    }

    /**
     * Sets the validators of this response on a request to revalidate it (section 4.3.1), in place
     * of the client's own preconditions and range.
     */
    void applyValidators(HttpFields.Mutable request) {
        request.remove(HttpHeader.IF_NONE_MATCH);
        request.remove(HttpHeader.IF_MODIFIED_SINCE);
        request.remove(HttpHeader.IF_RANGE);
        request.remove(HttpHeader.RANGE);
        String etag = headers.get(HttpHeader.ETAG);
        if (etag != null) {
            request.put(HttpHeader.IF_NONE_MATCH, etag);
        }
        String lastModified = headers.get(HttpHeader.LAST_MODIFIED);
        if (lastModified != null) {
            request.put(HttpHeader.IF_MODIFIED_SINCE, lastModified);
        }
    }

    /**
     * Whether a 304 validates this response (RFC 9111 section 4.3.4): the validators it carries
     * are this response's; one without validators answers the conditional request made from them.
     */
    boolean validatedBy(HttpFields notModified) {
        String etag = notModified.get(HttpHeader.ETAG);
        if (etag != null) {
            String stored = headers.get(HttpHeader.ETAG);
            return stored != null && stored.trim().equals(etag.trim());
        }
        String lastModified = notModified.get(HttpHeader.LAST_MODIFIED);
        if (lastModified != null) {
            String stored = headers.get(HttpHeader.LAST_MODIFIED);
            if (stored == null) {
                return false;
            }
            if (stored.trim().equals(lastModified.trim())) {
                return true;
            }
            long storedTime = HttpDates.parse(stored);
            return storedTime != -1 && storedTime == HttpDates.parse(lastModified);
        }
        return true;
    }

    /**
     * Whether this response (an update of {@code previous}, under the same key) still belongs
     * under that key: under the primary key only without Vary, under a variant key only with the
     * Vary it was stored with (section 4.1).
     */
    boolean fitsKey(String primaryKey, StoredEntry previous) {
        return key.equals(primaryKey) ? vary().isEmpty() : vary().equals(previous.vary());
    }

    /**
     * This response with the header fields of a 304 that validated it (RFC 9111 sections 3.2 and
     * 4.3.4): each field the 304 carries replaces the stored ones of its name, except those that
     * describe the stored body (Content-Length, Content-Encoding, Content-Range) and those never
     * stored. Age and Date describe the new message: they are taken from the 304 (a missing Date
     * becomes the time it was received), and the request and response times become those of the
     * revalidation.
     */
    CachedResponse updatedBy(HttpFields notModified, long requestTime, long responseTime) {
        HttpFields.Mutable merged = HttpFields.build(headers);
        merged.remove(HttpHeader.AGE);
        merged.remove(HttpHeader.DATE);
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (HttpField field : notModified) {
            if (!StoredHeaders.storable(field) || field.getHeader() == HttpHeader.CONTENT_LENGTH
                    || field.getHeader() == HttpHeader.CONTENT_ENCODING || field.getHeader() == HttpHeader.CONTENT_RANGE) {
                continue;
            }
            if (replaced.add(field.getLowerCaseName())) {
                merged.remove(field.getName());
            }
            merged.add(field);
        }
        return new CachedResponse(response.status(), StoredHeaders.capture(merged, responseTime), response.body(),
                requestTime, responseTime);
    }

    static List<Map.Entry<String, String>> entries(HttpFields fields) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(fields.size());
        for (HttpField field : fields) {
            entries.add(Map.entry(field.getName(), field.getValue()));
        }
        return entries;
    }
}
