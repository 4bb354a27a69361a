package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlLexerTest {

    /** Letter codes of the raw (unfolded) tokens. */
    private static String lex(String input) {
        SqlLexer lexer = new SqlLexer(input);
        SqlToken t = new SqlToken();
        StringBuilder letters = new StringBuilder();
        while (lexer.next(t)) {
            letters.append(SqlTokenType.letter(t.type));
        }
        return letters.toString();
    }

    private static SqlToken first(String input) {
        SqlToken t = new SqlToken();
        assertTrue(new SqlLexer(input).next(t));
        return t;
    }

    @Test
    void literals() {
        assertEquals("n", lex("42"));
        assertEquals("n", lex("3.14"));
        assertEquals("n", lex(".5"));
        assertEquals("n", lex("1e-3"));
        assertEquals("n", lex("0x7e"));
        assertEquals("n", lex("0b101"));
        assertEquals("n", lex("x'41'"));
        assertEquals("s", lex("N'text'"));
        assertEquals("n", lex("null"));
        assertEquals("n", lex("TRUE"));
        assertEquals("s", lex("'it''s'"));
        assertEquals("s", lex("'it\\'s'"));
        assertEquals("s", lex("\"double\""));
        assertEquals("s", lex("$$dollar quoted$$"));
        assertEquals("q", lex("'never closed"));
    }

    @Test
    void numbersGlueToKeywordsButNotToWords() {
        assertEquals("nU", lex("1union"));
        assertEquals("n&", lex("1and"));
        assertEquals("w", lex("90s"));
        assertEquals("w", lex("5pm"));
    }

    @Test
    void identifiersAndVariables() {
        assertEquals("w", lex("`weird name`"));
        assertEquals("w", lex("[dbo]"));
        assertEquals("w", lex("information_schema.tables"));
        assertEquals("w", lex("master..xp_cmdshell"));
        assertEquals("v", lex("@x"));
        assertEquals("v", lex("@@version"));
        assertEquals("v", lex("@@global.max_connections"));
        assertEquals("?", lex("@"));
        assertEquals(SqlEvidence.CATALOG, first("information_schema.tables").evidence & SqlEvidence.CATALOG);
        assertEquals(SqlEvidence.EXEC, first("master..xp_cmdshell").evidence & SqlEvidence.EXEC);
        assertEquals(SqlEvidence.SYSTEM_INFO, first("@@version").evidence);
    }

    @Test
    void functionNeedsItsParenRightAfterTheName() {
        assertEquals("f(n)", lex("sleep(5)"));
        assertEquals("f(n)", lex("sleep/**/(5)"));
        assertEquals("w(n)", lex("sleep (5)"));
        assertEquals("f(w)", lex("item(s)"));
        assertEquals(SqlEvidence.TIME, first("SLEEP(5)").evidence & SqlEvidence.TIME);
        assertEquals(SqlTokenType.FUNCTION, first("user()").type);
        assertEquals(SqlTokenType.KEYWORD, first("user").type);
    }

    @Test
    void operators() {
        assertEquals("n=n", lex("1=1"));
        assertEquals("n=n", lex("1<>1"));
        assertEquals("n=n", lex("1<=>1"));
        assertEquals("n=n", lex("1!=1"));
        assertEquals("n&n", lex("1&&1"));
        assertEquals("n&n", lex("1||1"));
        assertEquals("non", lex("1|1"));
        assertEquals("now", lex("1::int"));
        assertEquals("nln", lex("1 like 1"));
        assertEquals("n!ln", lex("1 not in 1"));
        assertEquals("!n", lex("!1"));
    }

    @Test
    void commentsSwallowTheRestOrVanish() {
        assertEquals("nc", lex("1-- anything ' \" here"));
        assertEquals("nc", lex("1#x"));
        assertEquals("nc", lex("1/* never closed"));
        assertEquals("nn", lex("1/* closed */1"));
        assertTrue(first("-- -").bareComment);
        assertTrue(first("--+").bareComment);
        assertTrue(first("#").bareComment);
        assertFalse(first("-- the rest of the sentence").bareComment);
    }

    @Test
    void mysqlExecutableCommentsAreCode() {
        assertEquals("UE", lex("/*!union*/ /*!select*/"));
        assertEquals("UE", lex("/*!50000union*//*!50000select*/"));
        assertEquals("nUEn", lex("1/*!12345UNION/*!12345SELECT*/1"));
    }

    @Test
    void highBytesAreWordCharacters() {
        assertEquals("w", lex(Corpus.bytes("Выберите")));
        assertEquals("www", lex(Corpus.bytes("Wähle die Option")));
        assertEquals("w", lex("\u00a0\u00e0"));
    }

    @Test
    void contextStringEndsAtFirstUnescapedQuote() {
        SqlToken t = new SqlToken();
        assertTrue(new SqlLexer("abc' or 1").readContextString('\'', t));
        assertEquals(4, t.end);
        assertFalse(new SqlLexer("no quote here").readContextString('\'', t));
        assertFalse(new SqlLexer("it\\'s escaped").readContextString('\'', t));
        assertFalse(new SqlLexer("doubled '' quote").readContextString('\'', t));
    }
}
