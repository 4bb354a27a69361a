package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;

import io.caracal.api.cache.CachedResponse;
import io.caracal.core.internal.config.CacheSpec;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Refreshes a stale stored response in the background while it keeps answering
 * (stale-while-revalidate, RFC 5861 section 3): at most one refresh per key at a time. A 304
 * freshens it (RFC 9111 section 4.3.4), a storable answer replaces it, an answer that may not be
 * stored removes it, and an error or no answer leaves it as it is.
 */
final class BackgroundRevalidation implements Forwarder.FetchListener {

    private final RouteCache cache;
    private final StoredEntry stale;
    private final StoredEntry marker;
    private final String primaryKey;
    /** The client's request fields, copied: the answer may vary on other fields than the stale one. */
    private final HttpFields request;
    private final CacheControl requestControl;

    private BackgroundRevalidation(RouteCache cache, StoredEntry stale, StoredEntry marker, String primaryKey,
            HttpFields request, CacheControl requestControl) {
        this.cache = cache;
        this.stale = stale;
        this.marker = marker;
        this.primaryKey = primaryKey;
        this.request = request;
        this.requestControl = requestControl;
    }

    /**
     * Starts a refresh of {@code stale} unless one runs already; call while the request that found
     * it is being handled.
     *
     * @param marker the variant marker the lookup found, or null
     */
    static void start(RouteCache cache, Forwarder forwarder, StoredEntry stale, StoredEntry marker, String primaryKey,
            HttpFields requestHeaders, CacheControl requestControl) {
        if (!cache.startRevalidation(stale.key())) {
            return;
        }
        if (stale.hasValidators()) {
            cache.counters().revalidations.increment();
        }
        BackgroundRevalidation refresh = new BackgroundRevalidation(cache, stale, marker, primaryKey,
                HttpFields.build(requestHeaders).asImmutable(), requestControl);
        try {
            forwarder.fetchInBackground(refresh::prepare, cache.spec().maxObjectBytes(), refresh);
        } catch (RuntimeException e) {
            cache.endRevalidation(stale.key());
            throw e;
        }
    }

    /** Asks for the stale response's validators, or for the whole response when it has none. */
    private void prepare(HttpFields.Mutable headers) {
        if (stale.hasValidators()) {
            stale.applyValidators(headers);
        } else {
            headers.remove(HttpHeader.IF_NONE_MATCH);
            headers.remove(HttpHeader.IF_MODIFIED_SINCE);
            headers.remove(HttpHeader.IF_RANGE);
            headers.remove(HttpHeader.RANGE);
        }
    }

    @Override
    public void fetched(int status, HttpFields headers, ByteBuffer body, long requestTime, long responseTime) {
        try {
            refresh(status, headers, body, requestTime, responseTime);
        } finally {
            cache.endRevalidation(stale.key());
        }
    }

    @Override
    public void failed(Throwable failure) {
        cache.endRevalidation(stale.key()); // the stale response keeps answering within its windows
    }

    private void refresh(int status, HttpFields headers, ByteBuffer body, long requestTime, long responseTime) {
        if (status >= 500) {
            return;
        }
        if (status == HttpStatus.NOT_MODIFIED_304 && stale.hasValidators()) {
            cache.counters().stores.increment();
            cache.put(stale.key(), stale.updatedBy(headers, requestTime, responseTime));
            return;
        }
        CacheSpec spec = cache.spec();
        String refusal = Storability.refusal("GET", requestControl, request.contains(HttpHeader.AUTHORIZATION), status,
                headers, CacheControl.of(headers), responseTime, spec.heuristicMaxSeconds(), spec.maxObjectBytes());
        if (refusal != null || body == null) {
            cache.remove(stale.key());
            return;
        }
        StorePlan plan = StorePlan.of(primaryKey, marker, headers, request, responseTime);
        cache.store(plan, new CachedResponse(status, StoredHeaders.capture(headers, responseTime), body, requestTime,
                responseTime));
    }
}
