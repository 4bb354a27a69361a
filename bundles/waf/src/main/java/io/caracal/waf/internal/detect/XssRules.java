package io.caracal.waf.internal.detect;

/**
 * What makes markup hostile. Stateless, so one shared instance serves every scan.
 *
 * <ul>
 *   <li>A start tag of an element that runs or loads active content ({@link HtmlNames}).</li>
 *   <li>An event handler attribute with a value. In a tag the input opened itself any {@code on*}
 *       name counts; on the unseen element the input started inside, only known handler names, since
 *       after a breakout every word of plain text reads as an attribute name.</li>
 *   <li>{@code <form action=...>}: a form the input controls posts wherever it likes.</li>
 *   <li>A URL attribute whose decoded value uses a script scheme ({@link UrlSchemeInspector}).</li>
 *   <li>A {@code style} attribute with expression(), script URLs or bindings ({@link StyleInspector}).</li>
 *   <li>IE conditional comments ({@code <!--[if ...]>}, {@code <![if ...]>}), {@code <?import} and
 *       {@code <?xml} processing instructions, and markup smuggled inside CDATA sections.</li>
 * </ul>
 */
final class XssRules implements HtmlTokenSink {

    static final XssRules INSTANCE = new XssRules();

    private XssRules() {
    }

    @Override
    public boolean startTag(String in, int nameStart, int nameEnd) {
        return HtmlNames.isDangerousElement(in, nameStart, nameEnd);
    }

    @Override
    public boolean attribute(String in, int tagStart, int tagEnd, boolean implicitTag, int nameStart, int nameEnd,
        int valueStart, int valueEnd) {
        boolean handler = implicitTag
            ? HtmlNames.isKnownEventHandler(in, nameStart, nameEnd)
            : HtmlNames.looksLikeEventHandler(in, nameStart, nameEnd) || HtmlNames.isKnownEventHandler(in, nameStart, nameEnd);
        if (handler) {
            return true;
        }
        if (!implicitTag && HtmlNames.is(in, tagStart, tagEnd, "form") && HtmlNames.is(in, nameStart, nameEnd, "action")) {
            return true;
        }
        if (HtmlNames.isUrlAttribute(in, nameStart, nameEnd)) {
            return UrlSchemeInspector.isDangerous(in, valueStart, valueEnd);
        }
        if (HtmlNames.is(in, nameStart, nameEnd, "style")) {
            return StyleInspector.isDangerous(in, valueStart, valueEnd);
        }
        return false;
    }

    @Override
    public boolean comment(String in, int start, int end, int kind) {
        if (kind == CDATA) {
            return containsTagOpen(in, start, end);
        }
        int i = start;
        if (kind == BOGUS_COMMENT && i < end && in.charAt(i) == '?') {
            return startsWithIgnoreCase(in, i + 1, end, "import") || startsWithIgnoreCase(in, i + 1, end, "xml");
        }
        while (i < end && HtmlTokenizer.isWhitespace(in.charAt(i))) {
            i++;
        }
        return i < end && in.charAt(i) == '['
            && (startsWithIgnoreCase(in, i + 1, end, "if") || startsWithIgnoreCase(in, i + 1, end, "endif"));
    }

    private static boolean containsTagOpen(String in, int start, int end) {
        for (int i = start; i + 1 < end; i++) {
            if (in.charAt(i) == '<') {
                char c = in.charAt(i + 1);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '/') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWithIgnoreCase(String in, int at, int end, String prefix) {
        return end - at >= prefix.length() && in.regionMatches(true, at, prefix, 0, prefix.length());
    }
}
