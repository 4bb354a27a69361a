package io.caracal.waf.internal.transform;

import static io.caracal.waf.internal.transform.TransformationAssertions.assertTransforms;
import static io.caracal.waf.internal.transform.TransformationAssertions.assertUnchanged;

import org.junit.jupiter.api.Test;

/** Decoders; expectations follow ModSecurity's documented and implemented behaviour. */
class DecodingTransformationsTest {

    @Test
    void urlDecode() {
        assertTransforms("urlDecode", "a%20b+c", "a b c");
        assertTransforms("urlDecode", "%3cscript%3E", "<script>");
        assertTransforms("urlDecode", "%00", "\0");
        assertTransforms("urlDecode", "%u0041", "%u0041");
        assertUnchanged("urlDecode", "plain");
    }

    @Test
    void urlDecodeLeavesInvalidEscapes() {
        assertTransforms("urlDecode", "%", "%");
        assertTransforms("urlDecode", "%4", "%4");
        assertTransforms("urlDecode", "%zz%41", "%zzA");
        assertTransforms("urlDecode", "%%41", "%A");
        assertTransforms("urlDecode", "100%", "100%");
    }

    @Test
    void urlDecodeUniDecodesIisUnicode() {
        assertTransforms("urlDecodeUni", "%u0041%u0062", "Ab");
        assertTransforms("urlDecodeUni", "%U0041", "A");
        assertTransforms("urlDecodeUni", "%41%20+", "A  ");
    }

    @Test
    void urlDecodeUniMapsFullWidthAsciiAndKeepsTheLowByteOtherwise() {
        assertTransforms("urlDecodeUni", "%uFF1Cscript%uff1e", "<script>");
        assertTransforms("urlDecodeUni", "%uff01%uFF5E", "!~");
        assertTransforms("urlDecodeUni", "%uFF5F", "\u005f"); // beyond the full-width ASCII block: low byte
        assertTransforms("urlDecodeUni", "%u2215", "\u0015");
        assertTransforms("urlDecodeUni", "%u00e9", "\u00e9");
    }

    @Test
    void urlDecodeUniLeavesInvalidEscapes() {
        assertTransforms("urlDecodeUni", "%u", "%u");
        assertTransforms("urlDecodeUni", "%u004", "%u004");
        assertTransforms("urlDecodeUni", "%u00zz", "%u00zz");
        assertTransforms("urlDecodeUni", "%uzz%41", "%uzzA");
        assertTransforms("urlDecodeUni", "%x1", "%x1");
    }

    @Test
    void htmlEntityDecode() {
        assertTransforms("htmlEntityDecode", "&lt;script&gt;", "<script>");
        assertTransforms("htmlEntityDecode", "&QUOT;&amp;&nbsp;", "\"&\u00a0");
        assertTransforms("htmlEntityDecode", "&#60;&#x3c;&#X3C;", "<<<");
        assertTransforms("htmlEntityDecode", "&#60&#x3c;b&#x3cb", "<<b\u00cb"); // ";" optional; hex digits run on
        assertUnchanged("htmlEntityDecode", "a & b");
    }

    @Test
    void htmlEntityDecodeTruncatesToOneByteAndKeepsUnknownEntities() {
        assertTransforms("htmlEntityDecode", "&#x141;", "A");
        assertTransforms("htmlEntityDecode", "&#321;", "A");
        assertTransforms("htmlEntityDecode", "&eacute;&foo;", "&eacute;&foo;");
        assertTransforms("htmlEntityDecode", "&#;&#x;&#", "&#;&#x;&#");
        assertTransforms("htmlEntityDecode", "&", "&");
        assertTransforms("htmlEntityDecode", "&lt", "<");
    }

    @Test
    void jsDecode() {
        assertTransforms("jsDecode", "\\x3cscript\\x3e", "<script>");
        assertTransforms("jsDecode", "\\u003c\\uFF1E", "<>");
        assertTransforms("jsDecode", "\\101\\60\\0", "A0\0");
        assertTransforms("jsDecode", "\\a\\b\\f\\n\\r\\t\\v", "\u0007\b\f\n\r\t\u000b");
        assertTransforms("jsDecode", "\\'\\\"\\\\\\z", "'\"\\z");
    }

    @Test
    void jsDecodeEdgeCases() {
        assertTransforms("jsDecode", "\\400", " 0"); // \40 then '0': three digits would exceed one byte
        assertTransforms("jsDecode", "\\x4", "x4");
        assertTransforms("jsDecode", "\\uZZZZ", "uZZZZ");
        assertTransforms("jsDecode", "\\U0041", "U0041");
        assertTransforms("jsDecode", "abc\\", "abc\\");
    }

    @Test
    void cssDecode() {
        assertTransforms("cssDecode", "\\3c script\\3e", "<script>");
        assertTransforms("cssDecode", "ja\\vascript", "javascript");
        assertTransforms("cssDecode", "\\000041\\41", "AA");
        assertTransforms("cssDecode", "\\ff1c", "<");
        assertTransforms("cssDecode", "\\0ff1c\\00ff1c", "<<");
        assertTransforms("cssDecode", "\\1ff1c", "\u001c");
        assertTransforms("cssDecode", "a\\\nb", "ab");
        assertTransforms("cssDecode", "\\a", "\n");
        assertTransforms("cssDecode", "abc\\", "abc");
        assertUnchanged("cssDecode", "color: red");
    }

    @Test
    void escapeSeqDecode() {
        assertTransforms("escapeSeqDecode", "\\n\\t\\\\\\?\\'\\\"", "\n\t\\?'\"");
        assertTransforms("escapeSeqDecode", "\\x41\\X42\\101\\7", "ABA\u0007");
        assertTransforms("escapeSeqDecode", "\\777", "\u00ff");
        assertTransforms("escapeSeqDecode", "\\xZZ\\q", "xZZq");
        assertTransforms("escapeSeqDecode", "end\\", "end\\");
    }

    @Test
    void base64Decode() {
        assertTransforms("base64Decode", "VGhpcyBpcyBhIHRlc3Q=", "This is a test");
        assertTransforms("base64Decode", "VGhpcyBpcw", "This is");
        assertTransforms("base64Decode", "VGhp.cyBpcw==", "Thi"); // stops at the first non-alphabet char
        assertTransforms("base64Decode", "V", "");
        assertTransforms("base64Decode", "", "");
    }

    @Test
    void base64DecodeExtSkipsNoise() {
        assertTransforms("base64DecodeExt", "VGhp.cyBp\ncw==", "This is");
        assertTransforms("base64DecodeExt", "VGhpcw\0cyBpcw==", "This");
        assertTransforms("base64DecodeExt", "QQ==", "A");
        assertTransforms("base64DecodeExt", "Q=x", "");
    }

    @Test
    void hexDecode() {
        assertTransforms("hexDecode", "414243", "ABC");
        assertTransforms("hexDecode", "4142434", "ABC");
        assertTransforms("hexDecode", "6a6A", "jj");
        assertTransforms("hexDecode", "zz", "S"); // not validated: same arithmetic as ModSecurity
    }

    @Test
    void sqlHexDecode() {
        assertTransforms("sqlHexDecode", "0x414243", "ABC");
        assertTransforms("sqlHexDecode", "SELECT 0x61646d696e,0X41", "SELECT admin,A");
        assertTransforms("sqlHexDecode", "0x4142F", "ABF");
        assertUnchanged("sqlHexDecode", "0x");
        assertUnchanged("sqlHexDecode", "0xZZ and 10x");
    }

    @Test
    void utf8toUnicode() {
        assertTransforms("utf8toUnicode", "caf\u00c3\u00a9", "caf%u00e9");
        assertTransforms("utf8toUnicode", "\u00e2\u0082\u00ac", "%u20ac");
        assertTransforms("utf8toUnicode", "\u00ef\u00bc\u009c", "%uff1c");
        assertTransforms("utf8toUnicode", "\u00f0\u009f\u0098\u0080", "%u1f600");
        assertUnchanged("utf8toUnicode", "plain ascii");
    }

    @Test
    void utf8toUnicodeKeepsModSecuritysHandlingOfInvalidSequences() {
        // Checked against libmodsecurity: overlong forms and surrogates keep their lead byte after
        // the %u form, incomplete sequences lose their lead byte, NUL bytes are dropped, stray
        // continuation bytes and bytes that lead nothing are copied.
        assertTransforms("utf8toUnicode", "\u00c0\u00af", "%u002f\u00c0");
        assertTransforms("utf8toUnicode", "\u00e0\u0080\u00af", "%u002f\u00e0");
        assertTransforms("utf8toUnicode", "AbC\u00c4", "AbC");
        assertTransforms("utf8toUnicode", "\u00e2\u0088", "\u0088");
        assertTransforms("utf8toUnicode", "a\u0000b\u0000", "ab");
        assertTransforms("utf8toUnicode", "\u00ed\u00a0\u0080", "%ud800\u00ed");
        assertTransforms("utf8toUnicode", "\u00f4\u0090\u0080\u0080", "%u110000");
        assertUnchanged("utf8toUnicode", "\u00a9x");
        assertTransforms("utf8toUnicode", "\u00ff\u00c3\u00a9", "\u00ff%u00e9");
    }
}
