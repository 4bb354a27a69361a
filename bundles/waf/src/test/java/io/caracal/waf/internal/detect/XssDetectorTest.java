package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XssDetectorTest {

    @Test
    void nullAndEmpty() {
        assertFalse(XssDetector.isXss(null));
        assertFalse(XssDetector.isXss(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<a href=\"j&#x61;vascript:x()\">",
        "<a href=\"&#x0006A;avascript:x()\">",
        "<a href=\"java\nscript:x()\">",
        "<a href=\"java\u0000script:x()\">",
        "<a href=\"\u0001\u0002javascript:x()\">",
        "<a href=\"JAVASCRIPT&colon;x()\">",
        "<a href=\"javascript&#58x()\">",
        "<a href=\"data:TEXT/HTML,<b>\">",
        "<a href=\"data:application/xhtml+xml;base64,AAAA\">",
        "<a xlink:href=\"javascript:x()\">",
        "<a HREF=vbscript:x>",
    })
    void scriptUrlsAfterDecoding(String input) {
        assertTrue(XssDetector.isXss(input), input);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<a href=\"https://example.com/javascript:x\">",
        "<a href=\"/path?next=javascript:x\">",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<a href=\"#javascript\">",
        "<a title=\"javascript:x()\">",
    })
    void harmlessUrls(String input) {
        assertFalse(XssDetector.isXss(input), input);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<p style=\"x:expression(1)\">",
        "<p style=\"x:exp/**/ression(1)\">",
        "<p style=\"x:\\65 xpression(1)\">",
        "<p style=\"x:\\000065xpression(1)\">",
        "<p style=\"x:ex\\p\\ression(1)\">",
        "<p style=\"background:url(jav&#x61;script:x)\">",
        "<p style=\"behavior:url(x.htc)\">",
        "<p style=\"EXPRESSION(1)\">",
    })
    void hostileStyles(String input) {
        assertTrue(XssDetector.isXss(input), input);
    }

    @Test
    void harmlessStyle() {
        assertFalse(XssDetector.isXss("<p style=\"color: red; background: url(/img/bg.png)\">"));
        // backslash-e is a hex escape (U+000E), not the letter e, so this does not spell "expression"
        assertFalse(XssDetector.isXss("<p style=\"x:\\e\\x\\p\\r\\e\\s\\s\\i\\o\\n(1)\">"));
    }

    @Test
    void eventHandlersInRealTagsMatchByShape() {
        assertTrue(XssDetector.isXss("<x onanyfutureevent=1>"));
        assertFalse(XssDetector.isXss("<x one=1>"));
        assertFalse(XssDetector.isXss("<x onclick>"));
    }

    @Test
    void afterABreakoutOnlyKnownHandlersCount() {
        assertTrue(XssDetector.isXss("x\" onclick=\"y"));
        assertFalse(XssDetector.isXss("status online=yes"));
        assertFalse(XssDetector.isXss("Set one=1 and two=2"));
    }

    @Test
    void formNeedsAnAction() {
        assertTrue(XssDetector.isXss("<form action=/x>"));
        assertFalse(XssDetector.isXss("<form class=x>"));
    }

    @Test
    void bareScriptUrl() {
        assertTrue(XssDetector.isXss("javascript:alert(1)"));
        assertTrue(XssDetector.isXss(" \tjava\tscript:alert(1)"));
        assertFalse(XssDetector.isXss("JavaScript: The Good Parts"));
        assertFalse(XssDetector.isXss("javascript"));
        assertFalse(XssDetector.isXss("java script:x"));
    }

    @Test
    void conditionalCommentsAndProcessingInstructions() {
        assertTrue(XssDetector.isXss("<!--[if IE]>x<![endif]-->"));
        assertTrue(XssDetector.isXss("<![if !IE]>"));
        assertTrue(XssDetector.isXss("<?import namespace=t>"));
        assertFalse(XssDetector.isXss("<!-- plain comment -->"));
        assertFalse(XssDetector.isXss("<![CDATA[ just text ]]>"));
    }

    @Test
    void utf8TextIsHarmless() {
        assertFalse(XssDetector.isXss(Corpus.bytes("Привет <b>мир</b> — “quotes” 😀")));
        assertFalse(XssDetector.isXss(Corpus.bytes("日本語 <3 한국어")));
    }

    @Test
    void namespacedDangerousElement() {
        assertTrue(XssDetector.isXss("<x:script>alert(1)</x:script>"));
    }
}
