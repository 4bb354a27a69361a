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
    /** Whether the request was authenticated (Authorization, or an identity a filter verified). */
    private final boolean authorized;

    private BackgroundRevalidation(RouteCache cache, StoredEntry stale, StoredEntry marker, String primaryKey,
            HttpFields request, CacheControl requestControl, boolean authorized) {
        this.cache = cache;
        this.stale = stale;
        this.marker = marker;
        this.primaryKey = primaryKey;
        this.request = request;
        this.requestControl = requestControl;
        this.authorized = authorized;
    }

    /**
     * Starts a refresh of {@code stale} unless one runs already; call while the request that found
     * it is being handled.
     *
     * @param marker the variant marker the lookup found, or null
     * @param requestHeaders the request's header fields as sent upstream (after the filters' changes)
     * @param authorized whether the request was authenticated
     */
    static void start(RouteCache cache, Forwarder forwarder, StoredEntry stale, StoredEntry marker, String primaryKey,
            HttpFields requestHeaders, CacheControl requestControl, boolean authorized) {
        if (!cache.startRevalidation(stale.key())) {
            return;
        }
        if (stale.hasValidators()) {
            cache.counters().revalidations.increment();
        }
        BackgroundRevalidation refresh = new BackgroundRevalidation(cache, stale, marker, primaryKey,
                HttpFields.build(requestHeaders).asImmutable(), requestControl, authorized);
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
        CacheSpec spec = cache.spec();
        if (status == HttpStatus.NOT_MODIFIED_304 && stale.hasValidators()) {
            if (!stale.validatedBy(headers)) {
                cache.remove(stale.key()); // it validates another response (RFC 9111 section 4.3.4)
                return;
            }
            CachedResponse updated = stale.updatedBy(headers, requestTime, responseTime);
            StoredEntry freshened = StoredEntry.of(stale.key(), updated);
            String refusal = Storability.refusal("GET", requestControl, authorized, updated.status(),
                    freshened.headers(), freshened.control(), responseTime, spec.heuristicMaxSeconds(), Long.MAX_VALUE);
            if (refusal == null && freshened.fitsKey(primaryKey, stale)) {
                cache.counters().stores.increment();
                cache.put(stale.key(), updated);
            } else if (refusal == null || !CachingExchange.requestRefusal(refusal)) {
                cache.remove(stale.key());
            }
            return;
        }
        String refusal = Storability.refusal("GET", requestControl, authorized, status,
                headers, CacheControl.of(headers), responseTime, spec.heuristicMaxSeconds(), spec.maxObjectBytes());
        if (refusal != null && CachingExchange.requestRefusal(refusal)) {
            return; // owed to the request that started the refresh: the stored response stays
        }
        if (refusal != null || body == null) {
            cache.remove(stale.key());
            return;
        }
        StorePlan plan = StorePlan.of(primaryKey, marker, headers, request, responseTime);
        cache.store(plan, new CachedResponse(status, StoredHeaders.capture(headers, responseTime), body, requestTime,
                responseTime));
    }
}
