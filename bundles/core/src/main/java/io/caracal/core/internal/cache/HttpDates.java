package io.caracal.core.internal.cache;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.jetty.http.HttpDateTime;

/** HTTP-date fields (RFC 9110 section 5.6.7). */
final class HttpDates {

    /** IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** Epoch millis, or -1 when the value is absent or not a date (all three formats are accepted). */
    static long parse(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            return HttpDateTime.parseToEpoch(value.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
}
