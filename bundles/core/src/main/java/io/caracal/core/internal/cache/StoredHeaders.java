package io.caracal.core.internal.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Which response header fields are kept with a stored response. Hop-by-hop fields never reach
 * here (the proxy drops them when it copies the upstream's answer, RFC 9110 section 7.6.1); the
 * cache leaves out what it adds itself and what must not be replayed to other clients.
 */
final class StoredHeaders {

    private StoredHeaders() {
    }

    /** Whether the field is kept: not Cache-Status (written per answer), not Set-Cookie (never replayed). */
    static boolean storable(HttpField field) {
        return field.getHeader() != HttpHeader.SET_COOKIE && field.getHeader() != HttpHeader.SET_COOKIE2
                && !field.is(CacheStatusHeader.NAME) && !field.is(StoredEntry.GENERATION_FIELD);
    }

    /**
     * The fields to store, in order, with a Date added when the response had none: a recipient with
     * a clock records when it received such a response (RFC 9110 section 6.6.1), and age is
     * computed from it.
     */
    static List<Map.Entry<String, String>> capture(HttpFields response, long responseTime) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(response.size() + 1);
        for (HttpField field : response) {
            if (storable(field)) {
                entries.add(Map.entry(field.getName(), field.getValue()));
            }
        }
        if (!response.contains(HttpHeader.DATE)) {
            entries.add(Map.entry(HttpHeader.DATE.asString(), HttpDates.format(responseTime)));
        }
        return entries;
    }
}
