package io.caracal.core.internal.cache;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The client's conditional request fields evaluated against a response the cache holds
 * (RFC 9110 section 13, RFC 9111 section 4.3.2).
 */
final class Conditionals {

    private Conditionals() {
    }

    /** Whether the request carries a precondition this cache can answer with 304. */
    static boolean present(HttpFields request) {
        return request.contains(HttpHeader.IF_NONE_MATCH) || request.contains(HttpHeader.IF_MODIFIED_SINCE);
    }

    /**
     * Whether a GET or HEAD with these preconditions is answered 304 Not Modified from {@code response}:
     * If-None-Match by weak comparison (section 13.1.2), or, only without it, If-Modified-Since
     * against Last-Modified, else Date, else the time the response was received (RFC 9111
     * section 4.3.2). Preconditions only apply to 2xx responses (section 13.2.1).
     */
    static boolean notModified(HttpFields request, int status, HttpFields response, long responseTime) {
        if (status < 200 || status > 299) {
            return false;
        }
        String ifNoneMatch = joined(request, HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            if (ifNoneMatch.trim().equals("*")) {
                return true;
            }
            String etag = response.get(HttpHeader.ETAG);
            if (etag == null) {
                return false;
            }
            for (String candidate : entityTags(ifNoneMatch)) {
                if (weakMatch(candidate, etag.trim())) {
                    return true;
                }
            }
            return false;
        }
        long since = HttpDates.parse(request.get(HttpHeader.IF_MODIFIED_SINCE));
        if (since < 0) {
            return false;
        }
        long modified = HttpDates.parse(response.get(HttpHeader.LAST_MODIFIED));
        if (modified < 0) {
            modified = HttpDates.parse(response.get(HttpHeader.DATE));
        }
        if (modified < 0) {
            modified = responseTime;
        }
        return modified <= since;
    }

    /**
     * Whether If-Range lets the Range through (section 13.1.5): an entity-tag must match the
     * stored ETag by strong comparison, a date must equal Last-Modified. Without If-Range: true.
     */
    static boolean ifRangeHolds(HttpFields request, HttpFields response) {
        String ifRange = request.get(HttpHeader.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        ifRange = ifRange.trim();
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            String etag = response.get(HttpHeader.ETAG);
            return etag != null && strongMatch(ifRange, etag.trim());
        }
        long date = HttpDates.parse(ifRange);
        return date >= 0 && date == HttpDates.parse(response.get(HttpHeader.LAST_MODIFIED));
    }

    /** Weak comparison: the opaque tags are equal, weak or not (RFC 9110 section 8.8.3.2). */
    static boolean weakMatch(String a, String b) {
        return opaque(a).equals(opaque(b));
    }

    /** Strong comparison: neither is weak and the opaque tags are equal. */
    static boolean strongMatch(String a, String b) {
        return !a.startsWith("W/") && !b.startsWith("W/") && a.equals(b);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The entity-tags of a list such as {@code "a", W/"b"}; commas inside quotes do not split. */
    static List<String> entityTags(String list) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (list.startsWith("W/", i)) {
                i += 2;
            }
            if (i < n && list.charAt(i) == '"') {
                int close = list.indexOf('"', i + 1);
                i = close < 0 ? n : close + 1;
            } else {
                while (i < n && list.charAt(i) != ',') {
                    i++;
                }
            }
            tags.add(list.substring(start, i).trim());
        }
        return tags;
    }

    private static String joined(HttpFields fields, HttpHeader header) {
        List<String> values = fields.getValuesList(header);
        return values.isEmpty() ? null : String.join(", ", values);
    }
}
