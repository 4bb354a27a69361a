package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlInjectionDetectorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', value = {
        "1 or 1=1                          | n&n=n",
        "' or 1=1--                        | s&n=nc",
        "\" or \"\"=\"                     | s&s=q",
        "admin'--                          | sc",
        "' OR 'a'='a                       | s&s=q",
        "-1' UNION SELECT 1,2,3--          | sUEn,n,n",
        "1; DROP TABLE users               | n;Ekw",
        "1 and sleep(5)                    | n&f",
        "'; waitfor delay '0:0:5'--        | s;Esc",
        "1 order by 5--                    | nknc",
        "or 1=1--                          | &n=nc",
        "select @@version                  | Ev",
    })
    void fingerprints(String input, String expected) {
        assertEquals(expected, SqlInjectionDetector.fingerprint(input.strip()));
    }

    @Test
    void nullAndEmptyAreNotInjection() {
        assertNull(SqlInjectionDetector.fingerprint(null));
        assertNull(SqlInjectionDetector.fingerprint(""));
        assertNull(SqlInjectionDetector.fingerprint("   "));
    }

    @Test
    void truncationNeedsABareComment() {
        assertNotNull(SqlInjectionDetector.fingerprint("admin' -- -"));
        assertNotNull(SqlInjectionDetector.fingerprint("admin'#"));
        assertNull(SqlInjectionDetector.fingerprint("The Beatles' -- best band ever"));
        assertNull(SqlInjectionDetector.fingerprint("The Beatles' #1 hit"));
    }

    @Test
    void comparingTheClosedStringIsATautologyInMysql() {
        assertNotNull(SqlInjectionDetector.fingerprint("'=0--+"));
        assertNull(SqlInjectionDetector.fingerprint("x'=5 -- see note"));
    }

    @Test
    void tautologyWithoutTerminatorNeedsLiteralComparison() {
        assertNotNull(SqlInjectionDetector.fingerprint("' or 1=1"));
        assertNull(SqlInjectionDetector.fingerprint("kids' or adults"));
        assertNull(SqlInjectionDetector.fingerprint("x' or y=z"));
        assertNotNull(SqlInjectionDetector.fingerprint("x' or y=z--"));
    }

    @Test
    void openStringEndingMustBeAComparison() {
        assertNotNull(SqlInjectionDetector.fingerprint("' or name='x"));
        assertNull(SqlInjectionDetector.fingerprint("Boys and girls' or girls like 'em"));
        assertNull(SqlInjectionDetector.fingerprint("The students' and teachers' union"));
    }

    @Test
    void numericContextRejectsDanglingQuote() {
        // 1 or 'a'='a would leave the numeric query with an unbalanced quote
        assertNull(SqlInjectionDetector.scan("1 or 'a'='a", '\0'));
    }

    @Test
    void unionNeedsAPlausibleSelectList() {
        assertNull(SqlInjectionDetector.fingerprint("The union select committee"));
        assertNull(SqlInjectionDetector.fingerprint("union select committee members"));
        assertNotNull(SqlInjectionDetector.fingerprint("union select password from users"));
        assertNotNull(SqlInjectionDetector.fingerprint("1 union select name, pass from users"));
    }

    @Test
    void stackedStatementNeedsItsSyntax() {
        assertNull(SqlInjectionDetector.fingerprint("5; drop me a line"));
        assertNotNull(SqlInjectionDetector.fingerprint("5; drop table users"));
        assertNotNull(SqlInjectionDetector.fingerprint("5; delete from users"));
        assertNull(SqlInjectionDetector.fingerprint("5; delete this later"));
        assertNotNull(SqlInjectionDetector.fingerprint("5; update users set admin=1"));
        assertNotNull(SqlInjectionDetector.fingerprint("5; insert into log values(1)"));
    }

    @Test
    void standaloneSelectOnlyWhenItReachesServerInternals() {
        assertNull(SqlInjectionDetector.fingerprint("Select user"));
        assertNull(SqlInjectionDetector.fingerprint("Select user(s) to notify"));
        assertNull(SqlInjectionDetector.fingerprint("Select @john"));
        assertNotNull(SqlInjectionDetector.fingerprint("select user()"));
        assertNotNull(SqlInjectionDetector.fingerprint("select table_name from information_schema.tables"));
    }

    @Test
    void timeFunctionAloneIsEnoughButProseSpacingIsNot() {
        assertNotNull(SqlInjectionDetector.fingerprint("sleep(5)#"));
        assertNotNull(SqlInjectionDetector.fingerprint("SLEEP(5)"));
        assertNull(SqlInjectionDetector.fingerprint("Sleep (8 hours) is important"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1/**/or/**/1=1",
        "1/*!or*/1=1",
        "1 /*!50000OR*/ 1=1",
        "1\tor\n1=1",
        "1\u000bor\u000c1=1",
        "1 OR 1=1",
        "1 oR 1=1",
    })
    void obfuscatedSeparatorsAndCase(String input) {
        assertNotNull(SqlInjectionDetector.fingerprint(input));
    }

    @Test
    void utf8TextIsOrdinaryWords() {
        assertNull(SqlInjectionDetector.fingerprint(Corpus.bytes("Выберите лучший вариант из меню")));
        assertNull(SqlInjectionDetector.fingerprint(Corpus.bytes("L'union fait la force")));
        assertNull(SqlInjectionDetector.fingerprint(Corpus.bytes("请从菜单中选择 union select")));
        // an injection after non-ASCII text is still an injection
        assertNotNull(SqlInjectionDetector.fingerprint(Corpus.bytes("Müller' or 1=1--")));
    }

    @Test
    void doubleQuoteContextIsIndependent() {
        assertNull(SqlInjectionDetector.scan("\" or \"\"=\"", '\''));
        assertNotNull(SqlInjectionDetector.scan("\" or \"\"=\"", '"'));
    }

    @Test
    void fingerprintIsShort() {
        String fp = SqlInjectionDetector.fingerprint("1 union select 1,2,3,4,5,6,7,8,9,10");
        assertEquals(8, fp.length());
    }
}
