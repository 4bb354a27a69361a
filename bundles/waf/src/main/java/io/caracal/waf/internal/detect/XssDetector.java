package io.caracal.waf.internal.detect;

/**
 * Detects cross-site scripting in one request value (the {@code @detectXSS} operator).
 *
 * <p>The value is tokenized as HTML from each place it could be reflected into: page text, and the
 * inside of a double-quoted, single-quoted or unquoted attribute value (where breaking out of the
 * value is the first step of an attack). A scan from a starting state is skipped when the input lacks
 * the character that scan depends on. A value that is itself a script URL is also flagged, since
 * applications reflect values into href and src.
 *
 * <p>Input is a byte string: each char is one byte (0-255). Linear in the input length, allocation
 * limited to a few small per-call buffers, no shared mutable state.
 */
public final class XssDetector {

    private XssDetector() {
    }

    public static boolean isXss(String input) {
        if (input == null || input.isEmpty()) {
            return false;
        }
        boolean tagOpen = false;
        boolean doubleQuote = false;
        boolean singleQuote = false;
        boolean equals = false;
        boolean backtick = false;
        for (int i = 0, n = input.length(); i < n; i++) {
            switch (input.charAt(i)) {
                case '<' -> tagOpen = true;
                case '"' -> doubleQuote = true;
                case '\'' -> singleQuote = true;
                case '=' -> equals = true;
                case '`' -> backtick = true;
                default -> {
                    // other characters cannot start markup
                }
            }
        }
        if (UrlSchemeInspector.isBareScriptUrl(input)) {
            return true;
        }
        // Attribute breakouts only matter if they can add an attribute (name=value); new tags need '<'
        // and are found by the data-state scan as well.
        return (tagOpen && HtmlTokenizer.scan(input, HtmlTokenizer.DATA, XssRules.INSTANCE))
            || (doubleQuote && equals && HtmlTokenizer.scan(input, HtmlTokenizer.ATTRIBUTE_VALUE_DOUBLE_QUOTED, XssRules.INSTANCE))
            || (singleQuote && equals && HtmlTokenizer.scan(input, HtmlTokenizer.ATTRIBUTE_VALUE_SINGLE_QUOTED, XssRules.INSTANCE))
            || (equals && HtmlTokenizer.scan(input, HtmlTokenizer.ATTRIBUTE_VALUE_UNQUOTED, XssRules.INSTANCE))
            || (tagOpen && backtick && HtmlTokenizer.scanLegacy(input, HtmlTokenizer.DATA, XssRules.INSTANCE));
    }
}
