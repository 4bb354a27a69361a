package io.caracal.waf.internal.detect;

/**
 * Receives what {@link HtmlTokenizer} finds, as ranges of the input. Each method returns true to stop
 * the scan (the input was judged hostile).
 */
interface HtmlTokenSink {

    int COMMENT = 0;
    /** {@code <!...>}, {@code <?...>} or {@code </ ...>} that browsers turn into a comment. */
    int BOGUS_COMMENT = 1;
    int CDATA = 2;

    /** A start tag's name, reported as soon as the name ends (or the input does). */
    boolean startTag(String in, int nameStart, int nameEnd);

    /**
     * An attribute that has a value ({@code name=...}). {@code implicitTag} is set for attributes of
     * the element the input was assumed to start inside, whose name is unknown.
     */
    boolean attribute(String in, int tagStart, int tagEnd, boolean implicitTag, int nameStart, int nameEnd,
        int valueStart, int valueEnd);

    /** Text of a comment, bogus comment or CDATA section, without its delimiters. */
    boolean comment(String in, int start, int end, int kind);
}
