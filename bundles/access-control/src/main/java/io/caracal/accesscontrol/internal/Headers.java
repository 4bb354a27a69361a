package io.caracal.accesscontrol.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks of header names from configuration and of values sent upstream. */
final class Headers {

    static final String AUTHORIZATION = "Authorization";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    /** Headers that frame or route the request: a filter must never set them from identity data. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "keep-alive", "proxy-connection", "expect");

    /** Up to this many '-' and '_' in a name, every mix of them is a spelling (2^n); beyond, only the uniform two. */
    static final int MAX_MIXED_SEPARATORS = 6;

    private Headers() {
    }

    /**
     * A header name as CGI, WSGI and PHP upstreams see it: they turn '-' and '_' alike into '_'
     * ({@code X-User} and {@code X_User} both become {@code HTTP_X_USER}), and case does not count.
     * Two names with the same key are the same header to such an upstream.
     */
    static String upstreamKey(String name) {
        return name.replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /**
     * The other spellings of {@code name} with the same {@link #upstreamKey}: every mix of '-' and
     * '_' in its separators, without {@code name} itself (case needs no variants: header names are
     * matched case-insensitively). A filter that replaces or removes an identity header removes these
     * too, or a client could forge {@code X_User} where the filter sets {@code X-User}. The request's
     * header names cannot be listed through the filter SPI, so the spellings are generated; with more
     * than {@link #MAX_MIXED_SEPARATORS} separators, only the all-'_' and all-'-' forms (the mixes
     * would be too many).
     */
    static List<String> otherSpellings(String name) {
        int[] separators = new int[name.length()];
        int count = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '_') {
                separators[count++] = i;
            }
        }
        Set<String> spellings = new LinkedHashSet<>();
        if (count <= MAX_MIXED_SEPARATORS) {
            // From all '_' (the form CGI-style servers use) down to all '-'.
            for (int mask = (1 << count) - 1; mask >= 0; mask--) {
                char[] chars = name.toCharArray();
                for (int i = 0; i < count; i++) {
                    chars[separators[i]] = (mask & 1 << i) != 0 ? '_' : '-';
                }
                spellings.add(new String(chars));
            }
        } else {
            spellings.add(name.replace('-', '_'));
            spellings.add(name.replace('_', '-'));
        }
        spellings.remove(name);
        return List.copyOf(spellings);
    }

    /** Null when {@code name} may be set by a filter, else what is wrong with it. */
    static String problemWithName(String name) {
        if (name.isEmpty()) {
            return "a header name is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return "'" + name + "' is not a valid header name";
            }
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return "'" + name + "' is a header the proxy manages and cannot be set by a filter";
        }
        return null;
    }

    /**
     * Whether a value can go into a header as it is: no control characters (CR and LF would split
     * the header), tabs allowed.
     */
    static boolean isSafeValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Whether a value may go between double quotes in a challenge (realm, error description). */
    static boolean isQuotable(String value) {
        return isSafeValue(value) && value.indexOf('"') < 0 && value.indexOf('\\') < 0;
    }
}
