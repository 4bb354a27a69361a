package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PmOperatorTest {

    private static final DataFiles FILES = name -> {
        switch (name) {
            case "a.data":
                return List.of("# comment", "", "  /etc/passwd  ", "\tcmd.exe", "#not-a-phrase");
            case "b.data":
                return List.of("union select", "Mid # Hash");
            default:
                throw new FileNotFoundException(name);
        }
    };

    @Test
    void matchesAnyPhraseIgnoringAsciiCase() {
        Operator pm = op("pm", "document.cookie <!-- <![cdata[");
        assertTrue(pm.matches("x=DOCUMENT.Cookie", FakeMatchContext.plain()));
        assertTrue(pm.matches("<![CDATA[x", FakeMatchContext.plain()));
        assertFalse(pm.matches("document cookie", FakeMatchContext.plain()));
    }

    @Test
    void latin1LettersAreNotCaseFolded() {
        assertFalse(op("pm", "\u00e9t\u00e9").matches("\u00c9T\u00c9", FakeMatchContext.plain()));
        assertTrue(op("pm", "\u00e9t\u00e9").matches("x\u00e9T\u00e9", FakeMatchContext.plain()));
    }

    @Test
    void capturesThePhraseAsConfiguredAndUnsetsTheRest() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        context.captures.put(3, "stale");
        assertTrue(op("pm", "AppleWebKit Android").matches("mozilla applewebkit/537", context));
        assertEquals(Map.of(0, "AppleWebKit"), context.captures);
    }

    @Test
    void reportsTheMatchThatEndsFirst() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        assertTrue(op("pm", "bcd abcdef c").matches("xabcdefx", context));
        assertEquals("c", context.captures.get(0));
    }

    @Test
    void hexSectionsAndQuotes() {
        assertTrue(op("pm", "|41 42|c").matches("xABCx", FakeMatchContext.plain()));
        assertTrue(op("pm", "\"a\\;b\"").matches("a;b", FakeMatchContext.plain()));
        assertTrue(op("pm", "|00|").matches("a\0b", FakeMatchContext.plain()));
    }

    @Test
    void unsupportedEscapeFallsBackToTheLiteralArgument() {
        assertTrue(op("pm", "a\\qb").matches("a\\qb", FakeMatchContext.plain()));
    }

    @Test
    void emptyArgumentIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> op("pm", "  "));
    }

    @Test
    void pmFromFileSkipsCommentsAndBlankLinesAndTrims() {
        Operator pm = Operators.create("pmFromFile", "a.data", FILES);
        assertTrue(pm.matches("GET /ETC/PASSWD", FakeMatchContext.plain()));
        assertTrue(pm.matches("run CMD.EXE now", FakeMatchContext.plain()));
        assertFalse(pm.matches("comment", FakeMatchContext.plain()));
        assertFalse(pm.matches("#not-a-phrase", FakeMatchContext.plain()));
    }

    @Test
    void pmFromFileTakesSeveralFilesAndKeepsWholeLines() {
        Operator pm = Operators.create("pmf", "a.data  b.data", FILES);
        assertTrue(pm.matches("1 UNION SELECT 2", FakeMatchContext.plain()));
        assertTrue(pm.matches("x mid # hash", FakeMatchContext.plain()));
        assertFalse(pm.matches("union", FakeMatchContext.plain()));
        assertTrue(pm.matches("/etc/passwd", FakeMatchContext.plain()));
    }

    @Test
    void missingDataFileIsAnErrorNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Operators.create("pmFromFile", "a.data missing.data", FILES));
        assertTrue(e.getMessage().contains("missing.data"), e.getMessage());
    }
}
