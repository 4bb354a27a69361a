package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTokenizerTest {

    /** Records every event as text. */
    private static final class Recorder implements HtmlTokenSink {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean startTag(String in, int nameStart, int nameEnd) {
            events.add("<" + in.substring(nameStart, nameEnd));
            return false;
        }

        @Override
        public boolean attribute(String in, int tagStart, int tagEnd, boolean implicitTag, int nameStart, int nameEnd,
            int valueStart, int valueEnd) {
            events.add((implicitTag ? "?" : "") + in.substring(nameStart, nameEnd) + "=" + in.substring(valueStart, valueEnd));
            return false;
        }

        @Override
        public boolean comment(String in, int start, int end, int kind) {
            events.add(new String[] {"!", "bogus", "cdata"}[kind] + ":" + in.substring(start, end));
            return false;
        }
    }

    private static List<String> scan(String input, int state) {
        Recorder r = new Recorder();
        HtmlTokenizer.scan(input, state, r);
        return r.events;
    }

    private static List<String> data(String input) {
        return scan(input, HtmlTokenizer.DATA);
    }

    @Test
    void tagsAndAttributeValueForms() {
        assertEquals(List.of("<a", "href=x", "title=a b", "alt=c d", "<b"),
            data("<a href=x title=\"a b\" alt='c d'>t</a><b>"));
    }

    @Test
    void textThatOnlyLooksLikeMarkup() {
        assertEquals(List.of(), data("a < b and c > d, x<3, I <3 you, 5 <= 6"));
        assertEquals(List.of("<john@example.com"), data("<john@example.com>"));
    }

    @Test
    void slashSeparatesAttributes() {
        assertEquals(List.of("<svg", "onload=alert(1)"), data("<svg/onload=alert(1)>"));
        assertEquals(List.of("<img", "onerror=x"), data("<img/src/onerror=x>"));
    }

    @Test
    void missingWhitespaceAfterQuotedValue() {
        assertEquals(List.of("<img", "src=x", "onerror=y"), data("<img src='x'onerror=y>"));
    }

    @Test
    void quotesInsideAttributeNamesAreNameCharacters() {
        assertEquals(List.of("<img", "<script"), data("<img \"\"\"><script>"));
    }

    @Test
    void endTagAttributesAreIgnored() {
        assertEquals(List.of(), data("</a href=javascript:x>"));
    }

    @Test
    void commentsIncludingAbruptEndings() {
        assertEquals(List.of("!: c ", "<b"), data("<!-- c --><b>"));
        assertEquals(List.of("<script"), data("<!--><script>"));
        assertEquals(List.of("<script"), data("<!---><script>"));
        assertEquals(List.of("!: x ", "<img"), data("<!-- x --!><img>"));
        assertEquals(List.of("!: a -- b ", "<i"), data("<!-- a -- b --><i>"));
        assertEquals(List.of("bogus:[if IE]"), data("<![if IE]>"));
        assertEquals(List.of("bogus:?xml v"), data("<?xml v>"));
        assertEquals(List.of("bogus: x"), data("</ x>"));
        assertEquals(List.of("cdata:<b>", "<i"), data("<![CDATA[<b>]]><i>"));
        assertEquals(List.of("<i"), data("<!DOCTYPE html><i>"));
    }

    @Test
    void startingInsideAttributeValues() {
        assertEquals(List.of("?onclick=x"), scan("a\" onclick=\"x", HtmlTokenizer.ATTRIBUTE_VALUE_DOUBLE_QUOTED));
        assertEquals(List.of("?onclick=x"), scan("a' onclick='x", HtmlTokenizer.ATTRIBUTE_VALUE_SINGLE_QUOTED));
        assertEquals(List.of("?onclick=x"), scan("a onclick=x", HtmlTokenizer.ATTRIBUTE_VALUE_UNQUOTED));
        assertEquals(List.of("<svg"), scan("a\"><svg>", HtmlTokenizer.ATTRIBUTE_VALUE_DOUBLE_QUOTED));
        assertEquals(List.of(), scan("no breakout", HtmlTokenizer.ATTRIBUTE_VALUE_DOUBLE_QUOTED));
    }

    @Test
    void valueAtEndOfInputIsReported() {
        assertEquals(List.of("<img", "onerror=alert(1)//"), data("<img onerror=alert(1)//"));
        assertEquals(List.of("<img", "onerror="), data("<img onerror="));
    }

    @Test
    void legacyBacktickQuotes() {
        Recorder r = new Recorder();
        HtmlTokenizer.scanLegacy("<img src=`x`onerror=y>", HtmlTokenizer.DATA, r);
        assertEquals(List.of("<img", "src=x", "onerror=y"), r.events);
        assertEquals(List.of("<img", "src=`x`onerror=y"), data("<img src=`x`onerror=y>"));
    }
}
