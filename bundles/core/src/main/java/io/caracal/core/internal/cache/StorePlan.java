package io.caracal.core.internal.cache;

import io.caracal.api.cache.CachedResponse;

import org.eclipse.jetty.http.HttpFields;

/**
 * Where a storable response goes (RFC 9111 section 4.1): under the primary key when it has no
 * Vary, else under a variant key, with a new variant marker under the primary key unless the one
 * found there already names the same Vary fields.
 *
 * @param marker the marker to write under {@code primaryKey}, or null
 * @param varyValues the request's values of the Vary fields, or null without Vary
 */
record StorePlan(String primaryKey, String key, CachedResponse marker, String varyValues) {

    /**
     * @param found the marker the lookup found under the primary key, or null
     * @param request the header fields of the request the response answers
     */
    static StorePlan of(String primaryKey, StoredEntry found, HttpFields response, HttpFields request, long now) {
        Vary vary = Vary.of(response);
        if (vary.isEmpty()) {
            return new StorePlan(primaryKey, primaryKey, null, null);
        }
        String values = vary.values(request);
        if (found != null && found.marker() && found.vary().equals(vary) && found.generation() != null) {
            return new StorePlan(primaryKey, CacheKey.variant(primaryKey, found.generation(), values), null, values);
        }
        CachedResponse marker = StoredEntry.marker(vary, now);
        String generation = StoredEntry.of(primaryKey, marker).generation();
        return new StorePlan(primaryKey, CacheKey.variant(primaryKey, generation, values), marker, values);
    }
}
