package io.caracal.waf.internal.transform;

import static io.caracal.waf.internal.transform.TransformationAssertions.assertTransforms;
import static io.caracal.waf.internal.transform.TransformationAssertions.assertUnchanged;
import static io.caracal.waf.internal.transform.TransformationAssertions.bytes;

import org.junit.jupiter.api.Test;

/** Case, white space, comments, paths, encoders, digests and parity. */
class TextTransformationsTest {

    @Test
    void caseFoldingIsAsciiOnly() {
        assertTransforms("lowercase", "SeLeCt \u00c9", "select \u00c9");
        assertTransforms("uppercase", "select \u00e9", "SELECT \u00e9");
        assertUnchanged("lowercase", "already lower 123");
    }

    @Test
    void whitespace() {
        assertTransforms("compressWhitespace", "a \t\n\u000b\f\r\u00a0b  ", "a b ");
        assertTransforms("removeWhitespace", " s e\tl\u00a0e\nct ", "select");
        assertUnchanged("compressWhitespace", "a b c");
        assertUnchanged("removeWhitespace", "abc");
    }

    @Test
    void trimFunctionsUseCWhitespace() {
        assertTransforms("trim", " \t\u000b\fabc \r\n", "abc");
        assertTransforms("trimLeft", "  abc  ", "abc  ");
        assertTransforms("trimRight", "  abc  ", "  abc");
        assertUnchanged("trim", "\u00a0abc\u00a0");
    }

    @Test
    void nulls() {
        assertTransforms("removeNulls", "a\0b\0", "ab");
        assertTransforms("replaceNulls", "a\0b", "a b");
        assertUnchanged("removeNulls", "ab");
    }

    @Test
    void cmdLine() {
        assertTransforms("cmdLine", "C^a\"l'c", "calc");
        assertTransforms("cmdLine", "net  ,;\tuser", "net user");
        assertTransforms("cmdLine", "cmd /c dir", "cmd/c dir");
        assertTransforms("cmdLine", "echo (x) ", "echo(x) ");
        assertTransforms("cmdLine", "\\b\\i\\n/SH", "bin/sh");
    }

    @Test
    void replaceComments() {
        assertTransforms("replaceComments", "UNION/**/SELECT", "UNION SELECT");
        assertTransforms("replaceComments", "a/*x*/b/*y", "a b ");
        assertUnchanged("replaceComments", "a*/b");
    }

    @Test
    void removeComments() {
        assertTransforms("removeComments", "UNION/**/SELECT", "UNIONSELECT");
        assertTransforms("removeComments", "a<!--x-->b", "ab");
        assertTransforms("removeComments", "1 OR 1=1-- rest", "1 OR 1=1");
        assertTransforms("removeComments", "1 OR 1=1# rest", "1 OR 1=1");
        assertTransforms("removeComments", "a/*open", "a ");
        assertUnchanged("removeComments", "no comments");
    }

    @Test
    void removeCommentsChar() {
        assertTransforms("removeCommentsChar", "UN/**/ION", "UNION");
        assertTransforms("removeCommentsChar", "a<!--b-->c--d#e", "abcde");
        assertUnchanged("removeCommentsChar", "a-b*c/d");
    }

    @Test
    void normalizePath() {
        assertTransforms("normalizePath", "/dir/foo//bar", "/dir/foo/bar");
        assertTransforms("normalizePath", "dir/../../foo", "../foo");
        assertTransforms("normalizePath", "dir/./.././../../foo/bar/.", "../../foo/bar");
        assertTransforms("normalizePath", "/../../etc/passwd", "/etc/passwd");
        assertTransforms("normalizePath", "/./.././../../../../../../../\0/../etc/./passwd", "/etc/passwd");
        assertTransforms("normalizePath", "./", "");
        assertTransforms("normalizePath", ".././", "../");
        assertTransforms("normalizePath", "/dir/./sub/../x/", "/dir/x/");
        assertUnchanged("normalizePath", "/index.php");
        assertUnchanged("normalizePath", "");
        assertUnchanged("normalizePath", "/");
    }

    @Test
    void normalizePathWin() {
        assertTransforms("normalizePathWin", "C:\\windows\\..\\boot.ini", "C:/boot.ini");
        assertTransforms("normalisePathWin", "..\\..\\x", "../../x");
    }

    @Test
    void encoders() {
        assertTransforms("urlEncode", "a b&c*=\u00e9", "a+b%26c*%3d%e9");
        assertTransforms("hexEncode", "AZ\0\u00ff", "415a00ff");
        assertTransforms("base64Encode", "This is a test", "VGhpcyBpcyBhIHRlc3Q=");
        assertUnchanged("urlEncode", "abc*123");
        assertUnchanged("base64Encode", "");
    }

    @Test
    void length() {
        assertTransforms("length", "abc\u00e9", "4");
        assertTransforms("length", "", "0");
    }

    @Test
    void digestsReturnRawBytes() {
        assertTransforms("md5", "", bytes(0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04, 0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e));
        assertTransforms("sha1", "abc", bytes(0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d));
        String hex = Transformations.byName("hexEncode").apply(Transformations.byName("sha1").apply("abc"));
        org.junit.jupiter.api.Assertions.assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", hex);
    }

    @Test
    void parity() {
        assertTransforms("parityEven7bit", "ac", bytes(0xe1, 0x63));
        assertTransforms("parityOdd7bit", "ac", bytes(0x61, 0xe3));
        assertTransforms("parityZero7bit", bytes(0xe1, 0x63), "ac");
    }
}
