package io.caracal.core.internal.cache;

import java.util.Locale;

/**
 * A {@code Range: bytes=…} request field against a stored body of known length (RFC 9110
 * section 14). Only a single range is served as 206; several ranges are answered with the whole
 * body (200), which a server may always do.
 *
 * @param first the first byte offset, or -1 when the range cannot be satisfied (416)
 * @param last the last byte offset, inclusive
 */
record RangeRequest(long first, long last) {

    static final RangeRequest UNSATISFIABLE = new RangeRequest(-1, -1);

    /**
     * @return the range to serve, {@link #UNSATISFIABLE}, or {@code null} when the field is to be
     *         ignored (absent, not bytes, malformed, or several ranges)
     */
    static RangeRequest parse(String field, long length) {
        if (field == null) {
            return null;
        }
        String value = field.trim();
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return null;
        }
        String spec = value.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) {
                // A suffix range: the last N bytes (section 14.1.1).
                long suffix = Long.parseLong(to);
                if (suffix < 0) {
                    return null;
                }
                return suffix == 0 || length == 0 ? UNSATISFIABLE : new RangeRequest(Math.max(0, length - suffix), length - 1);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return null; // invalid: ignored (section 14.2)
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            return new RangeRequest(first, Math.min(last, length - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean satisfiable() {
        return first >= 0;
    }

    long length() {
        return last - first + 1;
    }
}
