package io.caracal.waf.internal.detect;

/**
 * HTML tokenizer following the WHATWG tokenization states that decide where tags, attributes and
 * comments begin and end: data, tag open, end tag open, tag name, before/after attribute name,
 * attribute name, before attribute value, attribute value (double-quoted, single-quoted, unquoted),
 * after attribute value (quoted), self-closing start tag, markup declaration open, comment (including
 * the abrupt {@code <!-->} and {@code --!>} endings), bogus comment, DOCTYPE and CDATA section.
 *
 * <p>It can start in the data state or inside an attribute value, to model input reflected into a
 * page body or into a quoted or unquoted attribute. It does not build a tree, so it does not switch to
 * the RAWTEXT/RCDATA states after {@code <script>}, {@code <textarea>} and similar: text in them is
 * scanned as markup, which can only find more, never less.
 *
 * <p>Character references are not decoded here; the sink decodes attribute values it cares about.
 * Every state advances or hands over without moving back, so a scan is linear in the input.
 */
final class HtmlTokenizer {

    // Starting states.
    static final int DATA = 0;
    static final int ATTRIBUTE_VALUE_DOUBLE_QUOTED = 1;
    static final int ATTRIBUTE_VALUE_SINGLE_QUOTED = 2;
    static final int ATTRIBUTE_VALUE_UNQUOTED = 3;

    private static final int TAG_OPEN = 10;
    private static final int END_TAG_OPEN = 11;
    private static final int TAG_NAME = 12;
    private static final int BEFORE_ATTRIBUTE_NAME = 13;
    private static final int ATTRIBUTE_NAME = 14;
    private static final int AFTER_ATTRIBUTE_NAME = 15;
    private static final int BEFORE_ATTRIBUTE_VALUE = 16;
    private static final int AFTER_ATTRIBUTE_VALUE_QUOTED = 17;
    private static final int SELF_CLOSING_START_TAG = 18;
    private static final int MARKUP_DECLARATION_OPEN = 19;
    private static final int COMMENT = 20;
    private static final int BOGUS_COMMENT = 21;
    private static final int DOCTYPE = 22;
    private static final int CDATA_SECTION = 23;

    private final String in;
    private final int end;
    private final HtmlTokenSink sink;
    /** Legacy Internet Explorer also accepted backticks as attribute value quotes. */
    private final boolean backtickQuotes;

    private int tagStart;
    private int tagEnd;
    private boolean endTag;
    private boolean implicitTag;
    private int nameStart;
    private int nameEnd;
    private int commentStart;

    private HtmlTokenizer(String in, HtmlTokenSink sink, boolean backtickQuotes) {
        this.in = in;
        this.end = in.length();
        this.sink = sink;
        this.backtickQuotes = backtickQuotes;
    }

    /** Tokenizes {@code in} from {@code initialState}; true as soon as the sink asks to stop. */
    static boolean scan(String in, int initialState, HtmlTokenSink sink) {
        return new HtmlTokenizer(in, sink, false).run(initialState);
    }

    /** Like {@link #scan} but treating {@code `} as a value quote, as legacy IE did. */
    static boolean scanLegacy(String in, int initialState, HtmlTokenSink sink) {
        return new HtmlTokenizer(in, sink, true).run(initialState);
    }

    private boolean run(int initialState) {
        int i = 0;
        int state = initialState;
        if (initialState != DATA) {
            // Inside an attribute of an element we cannot see: skip to where the value ends.
            implicitTag = true;
            int valueEnd = switch (initialState) {
                case ATTRIBUTE_VALUE_DOUBLE_QUOTED -> in.indexOf('"');
                case ATTRIBUTE_VALUE_SINGLE_QUOTED -> in.indexOf('\'');
                default -> unquotedValueEnd(0);
            };
            if (valueEnd < 0 || valueEnd >= end) {
                return false;
            }
            i = valueEnd + 1;
            if (initialState != ATTRIBUTE_VALUE_UNQUOTED) {
                state = AFTER_ATTRIBUTE_VALUE_QUOTED;
            } else {
                state = in.charAt(valueEnd) == '>' ? DATA : BEFORE_ATTRIBUTE_NAME;
            }
        }
        while (true) {
            switch (state) {
                case DATA -> {
                    int lt = in.indexOf('<', i);
                    if (lt < 0) {
                        return false;
                    }
                    i = lt + 1;
                    state = TAG_OPEN;
                }
                case TAG_OPEN -> {
                    if (i >= end) {
                        return false;
                    }
                    char c = in.charAt(i);
                    if (c == '!') {
                        i++;
                        state = MARKUP_DECLARATION_OPEN;
                    } else if (c == '/') {
                        i++;
                        state = END_TAG_OPEN;
                    } else if (isAsciiLetter(c)) {
                        beginTag(i, false);
                        state = TAG_NAME;
                    } else if (c == '?') {
                        commentStart = i;
                        state = BOGUS_COMMENT;
                    } else {
                        state = DATA; // "<3", "a < b": the '<' was text
                    }
                }
                case END_TAG_OPEN -> {
                    if (i >= end) {
                        return false;
                    }
                    char c = in.charAt(i);
                    if (isAsciiLetter(c)) {
                        beginTag(i, true);
                        state = TAG_NAME;
                    } else if (c == '>') {
                        i++;
                        state = DATA;
                    } else {
                        commentStart = i;
                        state = BOGUS_COMMENT;
                    }
                }
                case TAG_NAME -> {
                    int j = i;
                    while (j < end && !endsTagName(in.charAt(j))) {
                        j++;
                    }
                    tagEnd = j;
                    if (!endTag && sink.startTag(in, tagStart, tagEnd)) {
                        return true;
                    }
                    if (j >= end) {
                        return false;
                    }
                    char c = in.charAt(j);
                    i = j + 1;
                    state = c == '/' ? SELF_CLOSING_START_TAG : c == '>' ? DATA : BEFORE_ATTRIBUTE_NAME;
                }
                case BEFORE_ATTRIBUTE_NAME -> {
                    i = skipWhitespace(i);
                    if (i >= end) {
                        return false;
                    }
                    char c = in.charAt(i);
                    if (c == '/') {
                        i++;
                        state = SELF_CLOSING_START_TAG;
                    } else if (c == '>') {
                        i++;
                        state = DATA;
                    } else {
                        nameStart = i;
                        if (c == '=') {
                            i++; // a leading '=' is part of the name
                        }
                        state = ATTRIBUTE_NAME;
                    }
                }
                case ATTRIBUTE_NAME -> {
                    int j = i;
                    while (j < end && !endsAttributeName(in.charAt(j))) {
                        j++;
                    }
                    nameEnd = j;
                    if (j < end && in.charAt(j) == '=') {
                        i = j + 1;
                        state = BEFORE_ATTRIBUTE_VALUE;
                    } else {
                        i = j;
                        state = AFTER_ATTRIBUTE_NAME;
                    }
                }
                case AFTER_ATTRIBUTE_NAME -> {
                    i = skipWhitespace(i);
                    if (i >= end) {
                        return false;
                    }
                    char c = in.charAt(i);
                    if (c == '/') {
                        i++;
                        state = SELF_CLOSING_START_TAG;
                    } else if (c == '=') {
                        i++;
                        state = BEFORE_ATTRIBUTE_VALUE;
                    } else if (c == '>') {
                        i++;
                        state = DATA;
                    } else {
                        nameStart = i; // previous attribute had no value: inert
                        state = ATTRIBUTE_NAME;
                    }
                }
                case BEFORE_ATTRIBUTE_VALUE -> {
                    i = skipWhitespace(i);
                    if (i >= end) {
                        return report(end, end); // the page's own markup will supply the value
                    }
                    char c = in.charAt(i);
                    if (c == '"' || c == '\'' || (c == '`' && backtickQuotes)) {
                        int valueStart = i + 1;
                        int close = in.indexOf(c, valueStart);
                        if (report(valueStart, close < 0 ? end : close)) {
                            return true;
                        }
                        if (close < 0) {
                            return false;
                        }
                        i = close + 1;
                        state = AFTER_ATTRIBUTE_VALUE_QUOTED;
                    } else if (c == '>') {
                        if (report(i, i)) {
                            return true;
                        }
                        i++;
                        state = DATA;
                    } else {
                        int valueEnd = unquotedValueEnd(i);
                        if (report(i, valueEnd < 0 ? end : valueEnd)) {
                            return true;
                        }
                        if (valueEnd < 0) {
                            return false;
                        }
                        i = valueEnd + 1;
                        state = in.charAt(valueEnd) == '>' ? DATA : BEFORE_ATTRIBUTE_NAME;
                    }
                }
                case AFTER_ATTRIBUTE_VALUE_QUOTED -> {
                    if (i >= end) {
                        return false;
                    }
                    char c = in.charAt(i);
                    if (isWhitespace(c)) {
                        i++;
                        state = BEFORE_ATTRIBUTE_NAME;
                    } else if (c == '/') {
                        i++;
                        state = SELF_CLOSING_START_TAG;
                    } else if (c == '>') {
                        i++;
                        state = DATA;
                    } else {
                        state = BEFORE_ATTRIBUTE_NAME; // missing whitespace: reconsume
                    }
                }
                case SELF_CLOSING_START_TAG -> {
                    if (i >= end) {
                        return false;
                    }
                    if (in.charAt(i) == '>') {
                        i++;
                        state = DATA;
                    } else {
                        state = BEFORE_ATTRIBUTE_NAME; // "<svg/onload=...>": the slash separates
                    }
                }
                case MARKUP_DECLARATION_OPEN -> {
                    if (in.startsWith("--", i)) {
                        i += 2;
                        state = COMMENT;
                    } else if (in.regionMatches(true, i, "doctype", 0, 7)) {
                        i += 7;
                        state = DOCTYPE;
                    } else if (in.startsWith("[CDATA[", i)) {
                        i += 7;
                        state = CDATA_SECTION;
                    } else {
                        commentStart = i;
                        state = BOGUS_COMMENT;
                    }
                }
                case COMMENT -> {
                    if (in.startsWith(">", i) || in.startsWith("->", i)) {
                        i = in.indexOf('>', i) + 1; // "<!-->" and "<!--->" close at once
                        state = DATA;
                    } else {
                        int close = commentEnd(i);
                        int bodyEnd = close < 0 ? end : close;
                        if (sink.comment(in, i, bodyEnd, HtmlTokenSink.COMMENT)) {
                            return true;
                        }
                        if (close < 0) {
                            return false;
                        }
                        i = in.indexOf('>', close) + 1;
                        state = DATA;
                    }
                }
                case BOGUS_COMMENT -> {
                    int gt = in.indexOf('>', i);
                    if (sink.comment(in, commentStart, gt < 0 ? end : gt, HtmlTokenSink.BOGUS_COMMENT)) {
                        return true;
                    }
                    if (gt < 0) {
                        return false;
                    }
                    i = gt + 1;
                    state = DATA;
                }
                case DOCTYPE -> {
                    int gt = in.indexOf('>', i);
                    if (gt < 0) {
                        return false;
                    }
                    i = gt + 1;
                    state = DATA;
                }
                case CDATA_SECTION -> {
                    int close = in.indexOf("]]>", i);
                    if (sink.comment(in, i, close < 0 ? end : close, HtmlTokenSink.CDATA)) {
                        return true;
                    }
                    if (close < 0) {
                        return false;
                    }
                    i = close + 3;
                    state = DATA;
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    private void beginTag(int start, boolean isEndTag) {
        tagStart = start;
        tagEnd = start;
        endTag = isEndTag;
        implicitTag = false;
    }

    private boolean report(int valueStart, int valueEnd) {
        if (endTag) {
            return false; // attributes of end tags are dropped by the parser
        }
        return sink.attribute(in, tagStart, tagEnd, implicitTag, nameStart, nameEnd, valueStart, valueEnd);
    }

    /** Start of "--" + ">" or "--!>" closing a comment body that starts at {@code from}, or -1. */
    private int commentEnd(int from) {
        int dashes = in.indexOf("--", from);
        while (dashes >= 0) {
            int after = dashes + 2;
            if (after < end && in.charAt(after) == '>') {
                return dashes;
            }
            if (after + 1 < end && in.charAt(after) == '!' && in.charAt(after + 1) == '>') {
                return dashes;
            }
            dashes = in.indexOf("--", dashes + 1);
        }
        return -1;
    }

    /** Index of the whitespace or '>' ending an unquoted value that starts at {@code from}, or -1. */
    private int unquotedValueEnd(int from) {
        for (int j = from; j < end; j++) {
            char c = in.charAt(j);
            if (isWhitespace(c) || c == '>') {
                return j;
            }
        }
        return -1;
    }

    private int skipWhitespace(int i) {
        while (i < end && isWhitespace(in.charAt(i))) {
            i++;
        }
        return i;
    }

    /** HTML whitespace: tab, LF, FF, CR, space. (Vertical tab and NUL are not.) */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean endsTagName(char c) {
        return isWhitespace(c) || c == '/' || c == '>';
    }

    private static boolean endsAttributeName(char c) {
        return isWhitespace(c) || c == '/' || c == '>' || c == '=';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
