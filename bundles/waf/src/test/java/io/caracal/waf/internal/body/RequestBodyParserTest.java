package io.caracal.waf.internal.body;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBodyParserTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void choosesTheProcessorFromTheContentType() {
        assertEquals(BodyProcessor.URLENCODED, BodyProcessor.forContentType("application/x-www-form-urlencoded"));
        assertEquals(BodyProcessor.URLENCODED,
                BodyProcessor.forContentType("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
        assertEquals(BodyProcessor.MULTIPART, BodyProcessor.forContentType("multipart/form-data; boundary=x"));
        assertEquals(BodyProcessor.MULTIPART, BodyProcessor.forContentType("Multipart/Form-Data; boundary=x"));
        assertEquals(BodyProcessor.JSON, BodyProcessor.forContentType("application/json"));
        assertEquals(BodyProcessor.JSON, BodyProcessor.forContentType("application/json; charset=utf-8"));
        assertEquals(BodyProcessor.JSON, BodyProcessor.forContentType("application/vnd.api+json"));
        assertEquals(BodyProcessor.JSON, BodyProcessor.forContentType("application/cloudevents+json"));
        assertEquals(BodyProcessor.XML, BodyProcessor.forContentType("text/xml; charset=utf-8"));
        assertEquals(BodyProcessor.XML, BodyProcessor.forContentType("application/xml"));
        assertEquals(BodyProcessor.XML, BodyProcessor.forContentType("application/soap+xml"));
        assertEquals(BodyProcessor.XML, BodyProcessor.forContentType("image/svg+xml"));
        assertNull(BodyProcessor.forContentType("text/plain"));
        assertNull(BodyProcessor.forContentType("application/octet-stream"));
        assertNull(BodyProcessor.forContentType("application/jsonx"));
        assertNull(BodyProcessor.forContentType("text/json"));
        assertNull(BodyProcessor.forContentType("multipart/related; boundary=x"));
        assertNull(BodyProcessor.forContentType(""));
        assertNull(BodyProcessor.forContentType(null));
    }

    @Test
    void bodyWithoutProcessorStaysRaw() {
        ParsedBody parsed = RequestBodyParser.parse("text/plain", bytes("a=1"), true, Limits.DEFAULT);
        assertNull(parsed.processor());
        assertEquals(List.of(), parsed.args());
        assertFalse(parsed.error());
        assertEquals(List.of(), parsed.files());
        assertEquals(List.of(), parsed.xmlValues());
        assertTrue(parsed.multipart().flags().isEmpty());
    }

    @Test
    void urlEncodedBody() {
        ParsedBody parsed = RequestBodyParser.parse("application/x-www-form-urlencoded",
                bytes("a=1+2&b=%zz&c=%C3%A9"), true, Limits.DEFAULT);
        assertEquals("URLENCODED", parsed.processor());
        assertEquals(List.of(new Arg("a", "1 2"), new Arg("b", "%zz"), new Arg("c", "\u00c3\u00a9")), parsed.args());
        assertTrue(parsed.urlEncodedError());
        assertFalse(parsed.error(), "invalid encoding is URLENCODED_ERROR, not REQBODY_ERROR");
    }

    @Test
    void urlEncodedArgumentLimitIsABodyError() {
        ParsedBody parsed = RequestBodyParser.parse("application/x-www-form-urlencoded", bytes("a=1&b=2&c=3"), true,
                Limits.DEFAULT.withMaxArgs(2));
        assertTrue(parsed.error());
        assertTrue(parsed.argsLimitExceeded());
        assertEquals(2, parsed.args().size());
        assertEquals(ArgList.limitMessage(2), parsed.errorMessage());
    }

    @Test
    void processorCanBeForcedLikeCtlRequestBodyProcessor() {
        ParsedBody parsed = RequestBodyParser.parseAs(BodyProcessor.URLENCODED, "text/plain", bytes("x=<script>"),
                true, Limits.DEFAULT);
        assertEquals("URLENCODED", parsed.processor());
        assertEquals(List.of(new Arg("x", "<script>")), parsed.args());

        ParsedBody json = RequestBodyParser.parseAs(BodyProcessor.JSON, "text/plain", bytes("{\"k\":\"v\"}"), true,
                null);
        assertEquals(List.of(new Arg("json.k", "v")), json.args());
    }

    @Test
    void emptyOrMissingBodyYieldsOnlyTheProcessorName() {
        for (String contentType : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
            "application/json", "text/xml"}) {
            ParsedBody parsed = RequestBodyParser.parse(contentType, null, true, Limits.DEFAULT);
            assertFalse(parsed.error(), contentType);
            assertEquals(List.of(), parsed.args());
            assertEquals(BodyProcessor.forContentType(contentType).name(), parsed.processor());
        }
    }

    @Test
    void limitsRejectNonsense() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Limits.DEFAULT.withMaxArgs(-1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Limits.DEFAULT.withJsonDepth(0));
    }
}
