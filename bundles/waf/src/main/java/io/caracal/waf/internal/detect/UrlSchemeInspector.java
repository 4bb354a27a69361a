package io.caracal.waf.internal.detect;

/**
 * Recognises URLs that execute script when loaded or followed: {@code javascript:}, {@code vbscript:},
 * {@code livescript:}, and {@code data:} carrying a document or script type.
 *
 * <p>The value is read as the browser would: character references decoded, and whitespace and control
 * characters ignored (browsers strip tabs and newlines anywhere in a URL and leading controls, and old
 * engines skipped them inside the scheme too). Only the first few significant characters are needed.
 */
final class UrlSchemeInspector {

    /** Enough for "data:" plus a media type such as "application/xhtml+xml". */
    private static final int PREFIX_LENGTH = 40;

    private UrlSchemeInspector() {
    }

    /** Whether the attribute value {@code in[start, end)} is a script-bearing URL. */
    static boolean isDangerous(String in, int start, int end) {
        char[] prefix = new char[PREFIX_LENGTH];
        int length = 0;
        int i = start;
        while (i < end && length < PREFIX_LENGTH) {
            long decoded = HtmlCharacterReference.decode(in, i, end);
            i = HtmlCharacterReference.next(decoded);
            int cp = HtmlCharacterReference.codePoint(decoded);
            if (cp <= ' ' || cp == 0x7f) {
                continue;
            }
            prefix[length++] = (char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : Math.min(cp, 0xffff));
        }
        return isScriptScheme(prefix, length);
    }

    /**
     * A value that was itself the whole input, placed by the application into a URL attribute:
     * flagged for script schemes written without a space after the colon ("javascript:alert(1)"), so
     * that a title such as "JavaScript: The Good Parts" stays allowed.
     */
    static boolean isBareScriptUrl(String in) {
        int end = in.length();
        int i = 0;
        char[] scheme = new char[11];
        int length = 0;
        while (i < end) {
            long decoded = HtmlCharacterReference.decode(in, i, end);
            i = HtmlCharacterReference.next(decoded);
            int cp = HtmlCharacterReference.codePoint(decoded);
            if (cp < ' ' || cp == 0x7f || (cp == ' ' && length == 0)) {
                continue; // leading blanks and embedded tabs/newlines/controls are ignored by URL parsing
            }
            if (cp == ':') {
                if (!matchesAny(scheme, length, "javascript", "vbscript", "livescript")) {
                    return false;
                }
                if (i >= end) {
                    return false;
                }
                int after = HtmlCharacterReference.codePoint(HtmlCharacterReference.decode(in, i, end));
                return after > ' ';
            }
            if (length == scheme.length || !isAsciiLetter(cp)) {
                return false;
            }
            scheme[length++] = (char) (cp | 0x20);
        }
        return false;
    }

    private static boolean isScriptScheme(char[] s, int length) {
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (s[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return false;
        }
        if (matchesAny(s, colon, "javascript", "vbscript", "livescript", "mocha")) {
            return true;
        }
        return matchesAny(s, colon, "data") && isActiveMediaType(s, colon + 1, length);
    }

    /** data: URLs with HTML, XML, SVG or script content, or with no type (treated as text/plain only by some). */
    private static boolean isActiveMediaType(char[] s, int from, int length) {
        int typeEnd = from;
        while (typeEnd < length && s[typeEnd] != ',' && s[typeEnd] != ';') {
            typeEnd++;
        }
        if (typeEnd == from) {
            return true;
        }
        return contains(s, from, typeEnd, "html") || contains(s, from, typeEnd, "xml")
            || contains(s, from, typeEnd, "svg") || contains(s, from, typeEnd, "script");
    }

    private static boolean matchesAny(char[] s, int length, String... words) {
        for (String w : words) {
            if (w.length() == length && contains(s, 0, length, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(char[] s, int from, int to, String word) {
        for (int i = from; i + word.length() <= to; i++) {
            boolean match = true;
            for (int j = 0; j < word.length() && match; j++) {
                match = s[i + j] == word.charAt(j);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
