package io.caracal.accesscontrol.internal;

import java.util.Locale;
import java.util.Set;

/** Checks of header names from configuration and of values sent upstream. */
final class Headers {

    static final String AUTHORIZATION = "Authorization";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    /** Headers that frame or route the request: a filter must never set them from identity data. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "keep-alive", "proxy-connection", "expect");

    private Headers() {
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
