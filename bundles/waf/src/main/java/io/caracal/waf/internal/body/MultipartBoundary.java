package io.caracal.waf.internal.body;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The boundary of a multipart/form-data Content-Type, validated with ModSecurity's rules:
 * "boundary" must be the (case-sensitive) parameter right after the media type, appear once,
 * and its value runs to the end of the header (so "boundary=x; charset=y" is rejected).
 * Tolerated oddities raise flags instead: quotes, whitespace around '=', a missing ';'.
 *
 * @param boundary the boundary, or null when {@code error} is set
 * @param error    ModSecurity's message for an unusable header, or null
 * @param flags    BOUNDARY_QUOTED, BOUNDARY_WHITESPACE, MISSING_SEMICOLON as seen
 */
record MultipartBoundary(String boundary, String error, Set<MultipartFlag> flags) {

    private static final String MEDIA_TYPE = "multipart/form-data";
    private static final String PARAMETER = "boundary";
    private static final int MAX_HEADER_LENGTH = 1024;

    static MultipartBoundary parse(String contentType) {
        Set<MultipartFlag> flags = EnumSet.noneOf(MultipartFlag.class);
        if (contentType == null || contentType.isEmpty()) {
            return failure("Multipart: Content-Type header not available.", flags);
        }
        if (contentType.length() > MAX_HEADER_LENGTH) {
            return failure("Multipart: Invalid boundary in C-T (length).", flags);
        }
        if (!contentType.regionMatches(true, 0, MEDIA_TYPE, 0, MEDIA_TYPE.length())) {
            return failure("Multipart: Invalid MIME type.", flags);
        }
        if (countBoundaryParameters(contentType) > 1) {
            return failure("Multipart: Multiple boundary parameters in C-T.", flags);
        }
        int parameter = contentType.indexOf(PARAMETER);
        if (parameter < 0) {
            // "Boundary=" is legal but so unusual that ModSecurity refuses it
            return failure(countBoundaryParameters(contentType) > 0
                    ? "Multipart: Invalid boundary in C-T (case sensitivity)."
                    : "Multipart: Boundary not found in C-T.", flags);
        }
        boolean seenSemicolon = false;
        for (int i = MEDIA_TYPE.length(); i < parameter; i++) {
            char c = contentType.charAt(i);
            if (c == ';' && !seenSemicolon) {
                seenSemicolon = true;
            } else if (!ByteStrings.isCSpace(c)) {
                return failure("Multipart: Invalid boundary in C-T (malformed).", flags);
            }
        }
        if (!seenSemicolon) {
            flags.add(MultipartFlag.MISSING_SEMICOLON);
        }
        int equals = contentType.indexOf('=', parameter + PARAMETER.length());
        if (equals < 0) {
            return failure("Multipart: Invalid boundary in C-T (malformed).", flags);
        }
        for (int i = parameter + PARAMETER.length(); i < equals; i++) {
            if (!ByteStrings.isCSpace(contentType.charAt(i))) {
                return failure("Multipart: Invalid boundary in C-T (parameter name).", flags);
            }
            flags.add(MultipartFlag.BOUNDARY_WHITESPACE);
        }
        String value = contentType.substring(equals + 1);
        if (!value.isEmpty() && ByteStrings.isCSpace(value.charAt(0))) {
            // flagged, and like ModSecurity the whitespace stays part of the boundary
            flags.add(MultipartFlag.BOUNDARY_WHITESPACE);
        }
        String boundary;
        boolean opensWithQuote = value.startsWith("\"");
        boolean closesWithQuote = value.length() >= 2 && value.endsWith("\"");
        if (opensWithQuote && closesWithQuote) {
            boundary = value.substring(1, value.length() - 1);
            flags.add(MultipartFlag.BOUNDARY_QUOTED);
        } else if (opensWithQuote || closesWithQuote) {
            return failure("Multipart: Invalid boundary in C-T (quote).", flags);
        } else {
            boundary = value;
        }
        if (boundary.isEmpty()) {
            return failure("Multipart: Invalid boundary in C-T (empty).", flags);
        }
        if (countBoundaryParameters(boundary) != 0) {
            return failure("Multipart: Invalid boundary in C-T (content).", flags);
        }
        if (!hasValidCharacters(boundary)) {
            return failure("Multipart: Invalid boundary in C-T (characters).", flags);
        }
        return new MultipartBoundary(boundary, null, flags);
    }

    private static MultipartBoundary failure(String message, Set<MultipartFlag> flags) {
        return new MultipartBoundary(null, message, flags);
    }

    /** Occurrences of "boundary" (any case) that have an '=' somewhere after them. */
    private static int countBoundaryParameters(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int count = 0;
        int at = lower.indexOf(PARAMETER);
        while (at >= 0) {
            int after = at + PARAMETER.length();
            if (lower.indexOf('=', after) >= 0) {
                count++;
            }
            at = lower.indexOf(PARAMETER, after);
        }
        return count;
    }

    /** RFC 2046 bchars: digits, letters, '()+_,-./:=? and a space that is not last. */
    private static boolean hasValidCharacters(String boundary) {
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean valid = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || "'()+_,-./:=?".indexOf(c) >= 0
                    || (c == ' ' && i + 1 < boundary.length());
            if (!valid) {
                return false;
            }
        }
        return true;
    }
}
