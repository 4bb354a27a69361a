package io.caracal.waf.internal.body;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBodyParserTest {

    private static Arg arg(String name, String value) {
        return new Arg(name, value);
    }

    private static ParsedBody parse(String json) {
        return parse(json, true, Limits.DEFAULT);
    }

    private static ParsedBody parse(String json, boolean complete, Limits limits) {
        return RequestBodyParser.parse("application/json", json.getBytes(StandardCharsets.UTF_8), complete, limits);
    }

    @Test
    void namesNestedObjectMembersWithDots() {
        ParsedBody parsed = parse("{\"a\":{\"b\":1},\"c\":\"x\"}");
        assertEquals("JSON", parsed.processor());
        assertFalse(parsed.error());
        assertEquals(List.of(arg("json.a.b", "1"), arg("json.c", "x")), parsed.args());
    }

    @Test
    void namesArrayElementsByIndex() {
        assertEquals(List.of(arg("json.list.array_0", "1"), arg("json.list.array_1", "x"),
                        arg("json.list.array_2", "true"), arg("json.list.array_3", "false"),
                        arg("json.list.array_4", "")),
                parse("{\"list\":[1,\"x\",true,false,null]}").args());
    }

    @Test
    void namesNestedArraysAndObjectsInArrays() {
        assertEquals(List.of(arg("json.array_0", "1"), arg("json.array_1.array_0", "2"),
                        arg("json.array_1.array_1", "3"), arg("json.array_2.k", "v"), arg("json.array_3", "4")),
                parse("[1,[2,3],{\"k\":\"v\"},4]").args());
    }

    @Test
    void scalarDocumentIsNamedJson() {
        assertEquals(List.of(arg("json", "42")), parse(" 42 ").args());
        assertEquals(List.of(arg("json", "s")), parse("\"s\"").args());
    }

    @Test
    void emptyKeyAndEmptyContainers() {
        assertEquals(List.of(arg("json.empty-key", "1"), arg("json.z", "2")),
                parse("{\"\":1,\"o\":{},\"l\":[],\"z\":2}").args());
    }

    @Test
    void keepsNumbersAsWritten() {
        assertEquals(List.of(arg("json.array_0", "1.50"), arg("json.array_1", "-0e+5"),
                        arg("json.array_2", "123456789012345678901234567890")),
                parse("[1.50,-0e+5,123456789012345678901234567890]").args());
    }

    @Test
    void decodesEscapesToUtf8Bytes() {
        assertEquals(List.of(arg("json.e", "\u00c3\u00a9"), arg("json.q", "a\"b\\c\n/"), arg("json.n", "\0")),
                parse("{\"e\":\"\\u00e9\",\"q\":\"a\\\"b\\\\c\\n\\/\",\"n\":\"\\u0000\"}").args());
        // a surrogate pair becomes the 4 UTF-8 bytes of U+1F600
        assertEquals(List.of(arg("json.s", "\u00f0\u009f\u0098\u0080")),
                parse("{\"s\":\"\\ud83d\\ude00\"}").args());
    }

    @Test
    void keepsRawUtf8BytesInKeysAndValues() {
        assertEquals(List.of(arg("json.cl\u00c3\u00a9", "caf\u00c3\u00a9")), parse("{\"cl\u00e9\":\"caf\u00e9\"}").args());
    }

    @Test
    void keepsRepeatedKeys() {
        assertEquals(List.of(arg("json.a", "1"), arg("json.a", "2")), parse("{\"a\":1,\"a\":2}").args());
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        Limits limits = Limits.DEFAULT.withJsonDepth(3);
        assertFalse(parse("{\"a\":{\"b\":[1]}}", true, limits).error());
        ParsedBody tooDeep = parse("{\"a\":{\"b\":[[1]]}}", true, limits);
        assertTrue(tooDeep.error());
        assertTrue(tooDeep.errorMessage().contains("depth"), tooDeep.errorMessage());
        assertEquals(List.of(), tooDeep.args());
    }

    @Test
    void defaultDepthLimitIs512() {
        assertFalse(parse("[".repeat(512) + "]".repeat(512)).error());
        ParsedBody deep = parse("[".repeat(513) + "]".repeat(513));
        assertTrue(deep.error());
        assertTrue(deep.errorMessage().contains("depth limit exceeded (512)"), deep.errorMessage());
        assertTrue(parse("[".repeat(100_000)).error());
    }

    @Test
    void malformedJsonIsAnErrorButKeepsWhatCameBefore() {
        ParsedBody parsed = parse("{\"x\":1,\"a\":}");
        assertTrue(parsed.error());
        assertTrue(parsed.errorMessage().startsWith("JSON parsing error: "), parsed.errorMessage());
        assertEquals(List.of(arg("json.x", "1")), parsed.args());
    }

    @Test
    void rejectsWhatYajlRejects() {
        assertTrue(parse("{\"a\":1} {\"b\":2}").error(), "second document");
        assertTrue(parse("{\"a\":1} x").error(), "trailing garbage");
        assertTrue(parse("{\"a\":1 /* c */}").error(), "comment");
        assertTrue(parse("{'a':1}").error(), "single quotes");
        assertTrue(parse("{\"a\":NaN}").error(), "NaN");
        assertTrue(parse("{\"a\":1,}").error(), "trailing comma");
        assertTrue(parse("   ").error(), "no value");
        ParsedBody invalidUtf8 = RequestBodyParser.parse("application/json",
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'}, true, Limits.DEFAULT);
        assertTrue(invalidUtf8.error(), "invalid UTF-8");
    }

    @Test
    void truncatedBodyEndsQuietly() {
        ParsedBody cutInString = parse("{\"a\":\"1\",\"b\":\"tr", false, Limits.DEFAULT);
        assertFalse(cutInString.error(), cutInString.errorMessage());
        assertEquals(List.of(arg("json.a", "1")), cutInString.args());

        assertFalse(parse("{\"a\":tr", false, Limits.DEFAULT).error());
        assertFalse(parse("{\"a\":[1,2", false, Limits.DEFAULT).error());
        // a number at the cut may be the start of a longer one; what arrived is still reported
        assertEquals(List.of(arg("json.a.array_0", "1"), arg("json.a.array_1", "2")),
                parse("{\"a\":[1,2", false, Limits.DEFAULT).args());
        assertFalse(parse("{\"a\":\"caf\u00e9", false, Limits.DEFAULT).error());
        byte[] cutCharacter = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xc3};
        assertFalse(RequestBodyParser.parse("application/json", cutCharacter, false, Limits.DEFAULT).error());
    }

    @Test
    void truncationIsAnErrorWhenTheBodyIsSaidToBeComplete() {
        assertTrue(parse("{\"a\":\"1\",\"b\":\"tr", true, Limits.DEFAULT).error());
        assertTrue(parse("{\"a\":tr", true, Limits.DEFAULT).error());
    }

    @Test
    void malformedDataBeforeTheCutIsStillAnError() {
        assertTrue(parse("{\"a\":}, \"b\":\"tr", false, Limits.DEFAULT).error());
    }

    @Test
    void stopsAtTheArgumentLimit() {
        ParsedBody parsed = parse("[1,2,3]", true, Limits.DEFAULT.withMaxArgs(2));
        assertTrue(parsed.error());
        assertTrue(parsed.argsLimitExceeded());
        assertEquals(List.of(arg("json.array_0", "1"), arg("json.array_1", "2")), parsed.args());
    }

    @Test
    void emptyBodyIsNotAnError() {
        ParsedBody parsed = RequestBodyParser.parse("application/json", new byte[0], true, Limits.DEFAULT);
        assertFalse(parsed.error());
        assertEquals("JSON", parsed.processor());
    }
}
