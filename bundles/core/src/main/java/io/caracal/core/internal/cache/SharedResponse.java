package io.caracal.core.internal.cache;

/**
 * What a coalescing leader hands its waiters: the response it stored, and the values of the
 * request header fields the response varies on, which a waiter's own must equal (RFC 9111
 * section 4.1).
 *
 * @param varyValues {@link Vary#values} of the leader's request, or null when the response has no Vary
 */
record SharedResponse(StoredEntry entry, String varyValues) {

    /** Whether the response may answer a request with these header fields. */
    boolean matches(org.eclipse.jetty.http.HttpFields request) {
        return varyValues == null || entry.vary().values(request).equals(varyValues);
    }
}
