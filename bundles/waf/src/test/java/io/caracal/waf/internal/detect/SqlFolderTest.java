package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlFolderTest {

    private static String bare(String input) {
        return SqlInjectionDetector.tokenize(input, '\0').fingerprint(SqlTokens.CAPACITY);
    }

    private static String singleQuoted(String input) {
        return SqlInjectionDetector.tokenize(input, '\'').fingerprint(SqlTokens.CAPACITY);
    }

    @Test
    void groupingParenthesesDisappear() {
        assertEquals("n&n=n", bare("1)) or ((1=1"));
        assertEquals("s&s=q", singleQuoted("') or ('a'='a"));
    }

    @Test
    void functionCallBecomesOneOperandWithInnerEvidence() {
        assertEquals("n&f", bare("1 and if(1=1,sleep(5),0)"));
        SqlTokens t = SqlInjectionDetector.tokenize("1 and if(1=1,sleep(5),0)", '\0');
        assertTrue(SqlEvidence.isStrong(t.evidence[2]));
        SqlTokens sub = SqlInjectionDetector.tokenize("exp(~(select 1))", '\0');
        assertEquals(SqlEvidence.SUBQUERY, sub.evidence[0] & SqlEvidence.SUBQUERY);
        SqlTokens empty = SqlInjectionDetector.tokenize("version()", '\0');
        assertEquals(SqlEvidence.EMPTY_CALL, empty.evidence[0] & SqlEvidence.EMPTY_CALL);
    }

    @Test
    void arithmeticAndSignsCollapse() {
        assertEquals("n", bare("-1"));
        assertEquals("n", bare("1+2*3-4"));
        assertEquals("n=n", bare("0x10 + 1 = 17"));
        assertEquals("f", bare("char(65)+char(66)"));
        assertEquals("n&n=n", bare("1 or not 1=2"));
        assertEquals("Enkw", bare("select * from t"));
    }

    @Test
    void quotedContextIsNeverMergedIntoArithmetic() {
        assertEquals("soq", singleQuoted("'+sleep(5)+'"));
    }

    @Test
    void multiWordKeywordsMerge() {
        assertEquals("nUEn", bare("1 union all select 1"));
        assertEquals("nUEn", bare("1 UNION DISTINCT SELECT 1"));
        assertEquals("nkn", bare("1 order by 1"));
        assertEquals("nkn", bare("1 group by 1"));
        assertEquals("nln", bare("1 is not null"));
        assertEquals("nln", bare("1 not like 1"));
        assertEquals("nln", bare("1 sounds like 1"));
        assertEquals("nks", bare("1 into outfile '/tmp/x'"));
        assertEquals("nk", bare("1 procedure analyse"));
        assertEquals("n;Es", bare("1; waitfor delay '0:0:5'"));
        assertEquals("n;Es", bare("1; WAITFOR TIME '23:59'"));
        assertEquals("Enw", bare("select top 1 name"));
        assertEquals("Ew", bare("select distinct name"));
    }

    @Test
    void plainNounsAreNotClauses() {
        assertEquals("ww", bare("order now"));
        assertEquals("w&w", bare("group and order"));
        assertEquals("www", bare("all the things"));
    }

    @Test
    void caseExpressionIsOneOperand() {
        SqlTokens t = SqlInjectionDetector.tokenize("' or case when 1=1 then sleep(5) else 0 end--", '\'');
        assertEquals("s&fc", t.fingerprint(8));
        assertTrue(SqlEvidence.isStrong(t.evidence[2]));
    }

    @Test
    void qualifiedIdentifiersJoin() {
        assertEquals("Ewkw", bare("select `a` from `db`.`t`"));
        assertEquals("Enkw", bare("select 1 from [master].[dbo].[sysdatabases]"));
    }

    @Test
    void pseudoColumnKeywordsReadAsValues() {
        assertEquals("Ewkw", bare("select user from dual"));
        assertEquals("Ekw", bare("drop user bob"));
    }

    @Test
    void contextIsMissingWhenTheInputNeverClosesIt() {
        assertNull(SqlInjectionDetector.tokenize("no quotes", '\''));
        assertNull(SqlInjectionDetector.tokenize("no quotes", '"'));
    }

    @Test
    void tokenListIsCappedAndMarkedTruncated() {
        SqlTokens t = SqlInjectionDetector.tokenize("1,".repeat(100), '\0');
        assertEquals(SqlTokens.CAPACITY, t.size);
        assertTrue(t.truncated);
    }
}
