package io.caracal.core.internal.cache;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;

/**
 * A request on a caching route whose method the cache does not answer (anything but GET and
 * HEAD): it is forwarded, marked {@code fwd=method}, and a non-error answer to an unsafe method
 * invalidates the stored responses of its URL and of the same-origin URLs in Location and
 * Content-Location (RFC 9111 section 4.4).
 */
final class UncachedMethod implements UpstreamObserver {

    private static final String CACHE_STATUS = CacheStatusHeader.CACHE + "; fwd=method";

    private final RouteCache cache;
    private final String url;
    private final boolean unsafe;

    UncachedMethod(Request request, RouteCache cache, String url) {
        this.cache = cache;
        this.url = url;
        String method = request.getMethod();
        this.unsafe = !(HttpMethod.OPTIONS.is(method) || HttpMethod.TRACE.is(method));
    }

    @Override
    public void prepare(HttpFields.Mutable upstreamHeaders) {
    }

    @Override
    public boolean onHeaders(org.eclipse.jetty.client.Response upstreamResponse, HttpFields.Mutable headers) {
        invalidate(upstreamResponse.getStatus(), headers);
        headers.add(CacheStatusHeader.NAME, CACHE_STATUS);
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> refused(org.eclipse.jetty.client.Response upstreamResponse,
            int rejectionStatus) {
        // The upstream acted on the request even though its answer does not reach the client.
        invalidate(upstreamResponse.getStatus(), upstreamResponse.getHeaders());
        return errorHeaders(rejectionStatus);
    }

    private void invalidate(int status, HttpFields headers) {
        if (unsafe && status >= 200 && status < 400) {
            cache.invalidate(url);
            invalidateReferenced(headers.get(HttpHeader.LOCATION));
            invalidateReferenced(headers.get(HttpHeader.CONTENT_LOCATION));
        }
    }

    /** Invalidates a URL the answer names, when it has the request's origin (section 4.4). */
    private void invalidateReferenced(String reference) {
        if (reference == null || reference.isBlank()) {
            return;
        }
        try {
            URI base = URI.create(url);
            URI target = base.resolve(reference.trim());
            if (target.getRawAuthority() == null || target.getScheme() == null) {
                return;
            }
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            String pathQuery = target.getRawQuery() == null ? path : path + '?' + target.getRawQuery();
            String targetUrl = CacheKey.url(target.getScheme(), target.getHost() == null ? "" : target.getHost(),
                    target.getPort(), pathQuery);
            if (origin(targetUrl).equals(origin(url))) {
                cache.invalidate(targetUrl);
            }
        } catch (IllegalArgumentException e) {
            // Not a URI: nothing to invalidate.
        }
    }

    /** {@code scheme://host[:port]} of a URL as {@link CacheKey#url} writes it. */
    private static String origin(String url) {
        int slash = url.indexOf('/', url.indexOf("://") + 3);
        return slash < 0 ? url : url.substring(0, slash);
    }

    @Override
    public boolean onContent(ByteBuffer chunk) {
        return true;
    }

    @Override
    public void bodyComplete() {
    }

    @Override
    public void ended(boolean complete) {
    }

    @Override
    public boolean answerError(int status) {
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> errorHeaders(int status) {
        return List.of(Map.entry(CacheStatusHeader.NAME, CACHE_STATUS));
    }
}
