package io.caracal.api.filter;

import java.util.List;
import java.util.Map;

/**
 * What a filter decided about a request.
 *
 * @param allowed whether the request goes on to the next filter and the upstream
 * @param status the HTTP status of the rejection (ignored when proceeding)
 * @param reason a short text for the response body and the log, never secret details
 * @param headers extra response headers of the rejection, such as {@code Retry-After}
 */
public record FilterDecision(boolean allowed, int status, String reason, List<Map.Entry<String, String>> headers) {

    private static final FilterDecision PROCEED = new FilterDecision(true, 0, "", List.of());

    public FilterDecision {
        headers = List.copyOf(headers);
        if (!allowed && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx status, got " + status);
        }
    }

    public static FilterDecision proceed() {
        return PROCEED;
    }

    public static FilterDecision reject(int status, String reason) {
        return new FilterDecision(false, status, reason, List.of());
    }

    public static FilterDecision reject(int status, String reason, List<Map.Entry<String, String>> headers) {
        return new FilterDecision(false, status, reason, headers);
    }
}
