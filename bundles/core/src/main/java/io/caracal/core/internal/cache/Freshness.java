package io.caracal.core.internal.cache;

import java.util.Set;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * How long a response stays fresh and how old it is (RFC 9111 sections 4.2.1 to 4.2.3), for a
 * shared cache.
 */
final class Freshness {

    /** Statuses that may be given heuristic freshness (RFC 9110 section 15.1); 206 is never stored here. */
    private static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 300, 301, 308, 404, 405,
            410, 414, 501);

    private Freshness() {
    }

    static boolean heuristicallyCacheable(int status) {
        return HEURISTICALLY_CACHEABLE.contains(status);
    }

    /** Whether the response states its lifetime: s-maxage, max-age or Expires (section 4.2.1). */
    static boolean explicit(HttpFields headers, CacheControl control) {
        return control.has("s-maxage") || control.has("max-age") || headers.contains(HttpHeader.EXPIRES);
    }

    /**
     * The freshness lifetime in seconds (section 4.2.1): s-maxage, else max-age, else Expires minus
     * Date, else a heuristic (section 4.2.2) of 10% of the time since Last-Modified, capped by
     * {@code heuristicMaxSeconds}, for responses with a heuristically cacheable status or
     * {@code public}, never when the lifetime is explicit.
     *
     * @param responseTime when the response was received (epoch millis), standing in for a missing Date
     */
    static long lifetime(int status, HttpFields headers, CacheControl control, long responseTime,
            long heuristicMaxSeconds) {
        long shared = control.seconds("s-maxage");
        if (shared >= 0) {
            return shared;
        }
        long maxAge = control.seconds("max-age");
        if (maxAge >= 0) {
            return maxAge;
        }
        String expires = headers.get(HttpHeader.EXPIRES);
        if (expires != null) {
            long expiresAt = HttpDates.parse(expires);
            // An invalid Expires (such as "0") means already expired (section 5.3).
            return expiresAt < 0 ? 0 : Math.max(0, (expiresAt - date(headers, responseTime)) / 1000);
        }
        if (control.has("no-cache") || !(heuristicallyCacheable(status) || control.has("public"))) {
            return 0;
        }
        long lastModified = HttpDates.parse(headers.get(HttpHeader.LAST_MODIFIED));
        if (lastModified < 0) {
            return 0;
        }
        long sinceModified = Math.max(0, date(headers, responseTime) - lastModified) / 1000;
        return Math.min(sinceModified / 10, heuristicMaxSeconds);
    }

    /**
     * The current age in seconds (section 4.2.3): the corrected initial age (the larger of the
     * apparent age, from Date, and the Age the response came with plus the time the response took)
     * plus the time it has been stored.
     */
    static long age(HttpFields headers, long requestTime, long responseTime, long now) {
        long ageValue = 0;
        String age = headers.get(HttpHeader.AGE);
        if (age != null) {
            ageValue = CacheControl.deltaSeconds(age.trim());
        }
        long apparentAge = Math.max(0, responseTime - date(headers, responseTime));
        long responseDelay = Math.max(0, responseTime - requestTime);
        long correctedAgeValue = ageValue * 1000 + responseDelay;
        long correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
        long residentTime = Math.max(0, now - responseTime);
        return (correctedInitialAge + residentTime) / 1000;
    }

    private static long date(HttpFields headers, long responseTime) {
        long date = HttpDates.parse(headers.get(HttpHeader.DATE));
        return date < 0 ? responseTime : date;
    }
}
