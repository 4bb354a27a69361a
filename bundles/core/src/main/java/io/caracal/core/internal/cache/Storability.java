package io.caracal.core.internal.cache;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Whether a response may be stored (RFC 9111 section 3), and if not, why, as the token the
 * Cache-Status {@code detail} parameter carries.
 */
final class Storability {

    private Storability() {
    }

    /**
     * @param requestControl the request's Cache-Control
     * @param authorized whether the request carried Authorization
     * @param maxObjectBytes the route's {@code cache.max.object.bytes}
     * @return null when storable, else the reason it is not
     */
    static String refusal(String method, CacheControl requestControl, boolean authorized, int status,
            HttpFields response, CacheControl control, long responseTime, long heuristicMaxSeconds,
            long maxObjectBytes) {
        if (!"GET".equals(method)) {
            return "method"; // HEAD answers carry no body to store
        }
        if (status == HttpStatus.PARTIAL_CONTENT_206) {
            return "partial"; // this cache does not combine partial content (section 3.3)
        }
        if (status < 200 || status == HttpStatus.NOT_MODIFIED_304 || HttpStatus.getCode(status) == null) {
            return "status"; // only final statuses this cache understands (section 3)
        }
        if (requestControl.has("no-store")) {
            return "request-no-store"; // section 5.2.1.5
        }
        if (control.has("no-store")) {
            return "no-store"; // section 5.2.2.5
        }
        if (control.has("private")) {
            return "private"; // a shared cache never stores these, qualified or not (section 5.2.2.7)
        }
        if (authorized && !control.has("public") && !control.has("s-maxage") && !control.has("must-revalidate")) {
            return "authorization"; // section 3.5
        }
        if (response.contains(HttpHeader.SET_COOKIE) || response.contains(HttpHeader.SET_COOKIE2)) {
            return "set-cookie"; // another client's cookie must never be replayed (this cache's choice)
        }
        if (Vary.of(response).any()) {
            return "vary-star"; // it could never be reused (section 4.1)
        }
        if (contentLength(response) > maxObjectBytes) {
            return "too-large";
        }
        boolean explicit = Freshness.explicit(response, control);
        if (!explicit && !control.has("public") && !Freshness.heuristicallyCacheable(status)) {
            return "no-freshness"; // section 3: explicit freshness, public, or a heuristically cacheable status
        }
        boolean hasValidators = response.contains(HttpHeader.ETAG) || response.contains(HttpHeader.LAST_MODIFIED);
        if (!hasValidators && !control.has("stale-if-error") && !control.has("stale-while-revalidate")
                && (control.has("no-cache")
                        || Freshness.lifetime(status, response, control, responseTime, heuristicMaxSeconds) <= 0)) {
            return "no-freshness"; // stale at once and impossible to revalidate: storing it gains nothing
        }
        return null;
    }

    /** The Content-Length, or -1 when absent or not a number. */
    static long contentLength(HttpFields response) {
        try {
            return response.getLongField(HttpHeader.CONTENT_LENGTH);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
