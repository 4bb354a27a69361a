package io.caracal.core.internal.cache;

/**
 * What a coalescing leader hands its waiters: the response it stored, and the values of the
 * request header fields the response varies on, which a waiter's own must equal (RFC 9111
 * section 4.1).
 *
 * @param varyValues {@link Vary#values} of the leader's request, or null when the response has no Vary
 * @param authorized whether the leader's request was authenticated
 */
record SharedResponse(StoredEntry entry, String varyValues, boolean authorized) {

    /**
     * Whether a waiter may take the response at all. The response to an authenticated request may
     * be stored because every reuse revalidates it (must-revalidate, no-cache, max-age=0): such a
     * one is never handed on; only one shareable as it is (public or s-maxage, and fresh) is
     * (section 3.5).
     */
    boolean mayServe(long now, long heuristicMaxSeconds) {
        if (!authorized) {
            return true;
        }
        CacheControl control = entry.control();
        return (control.has("public") || control.has("s-maxage")) && !control.has("no-cache")
                && entry.age(now) < entry.lifetime(heuristicMaxSeconds);
    }

    /** Whether the response may answer a request with these header fields. */
    boolean matches(org.eclipse.jetty.http.HttpFields request) {
        return varyValues == null || entry.vary().values(request).equals(varyValues);
    }
}
