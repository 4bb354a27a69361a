package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;

import io.caracal.core.internal.filter.FilterRun;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers a request from a stored response: with its current Age (RFC 9111 section 5.1) and
 * Cache-Status, as 304 when the client's preconditions hold, as 206 or 416 for a single byte
 * range, and without a body for HEAD.
 */
final class CachedAnswer {

    /** What a 304 carries of the response it stands for (RFC 9110 section 15.4.5). */
    private static final HttpHeader[] NOT_MODIFIED_FIELDS = {HttpHeader.CACHE_CONTROL, HttpHeader.CONTENT_LOCATION,
        HttpHeader.DATE, HttpHeader.ETAG, HttpHeader.EXPIRES, HttpHeader.VARY, HttpHeader.VIA};

    private CachedAnswer() {
    }

    static void write(Request request, Response response, Callback callback, StoredEntry entry,
            CacheStatusHeader cacheStatus, FilterRun filters, CacheCounters counters) {
        HttpFields requestHeaders = request.getHeaders();
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        long age = entry.age(System.currentTimeMillis());
        HttpFields stored = entry.headers();
        HttpFields.Mutable out = response.getHeaders();
        int status = entry.status();
        ByteBuffer body = BufferUtil.EMPTY_BUFFER;
        if (Conditionals.notModified(requestHeaders, status, stored, entry.responseTime())) {
            status = HttpStatus.NOT_MODIFIED_304;
            for (HttpHeader header : NOT_MODIFIED_FIELDS) {
                for (HttpField field : stored) {
                    if (field.getHeader() == header) {
                        out.add(field);
                    }
                }
            }
            if (!stored.contains(HttpHeader.ETAG) && stored.contains(HttpHeader.LAST_MODIFIED)) {
                out.put(HttpHeader.LAST_MODIFIED, stored.get(HttpHeader.LAST_MODIFIED));
            }
        } else {
            for (HttpField field : stored) {
                if (field.getHeader() != HttpHeader.CONTENT_LENGTH && field.getHeader() != HttpHeader.AGE) {
                    out.add(field);
                }
            }
            body = entry.body();
            long length = body.remaining();
            String range = requestHeaders.get(HttpHeader.RANGE);
            if (range != null && !head && status == HttpStatus.OK_200
                    && Conditionals.ifRangeHolds(requestHeaders, stored)) {
                RangeRequest byteRange = RangeRequest.parse(range, length);
                if (byteRange != null && !byteRange.satisfiable()) {
                    status = HttpStatus.RANGE_NOT_SATISFIABLE_416;
                    out.put(HttpHeader.CONTENT_RANGE, "bytes */" + length);
                    body = BufferUtil.EMPTY_BUFFER;
                } else if (byteRange != null) {
                    status = HttpStatus.PARTIAL_CONTENT_206;
                    out.put(HttpHeader.CONTENT_RANGE, "bytes " + byteRange.first() + "-" + byteRange.last() + "/" + length);
                    body.position((int) byteRange.first()).limit((int) byteRange.last() + 1);
                }
            }
            out.put(HttpHeader.CONTENT_LENGTH, body.remaining());
            if (head) {
                body = BufferUtil.EMPTY_BUFFER;
            }
        }
        out.put(HttpHeader.AGE, age);
        out.add(CacheStatusHeader.NAME, cacheStatus.value(status));
        if (filters != null) {
            filters.applyResponseHeaders(out);
        }
        response.setStatus(status);
        counters.bytesServed.add(body.remaining());
        response.write(true, body, callback);
    }
}
