package io.caracal.waf.internal.detect;

import static io.caracal.waf.internal.detect.SqlTokenType.COMMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.FUNCTION;
import static io.caracal.waf.internal.detect.SqlTokenType.KEYWORD;
import static io.caracal.waf.internal.detect.SqlTokenType.LOGIC;
import static io.caracal.waf.internal.detect.SqlTokenType.NUMBER;
import static io.caracal.waf.internal.detect.SqlTokenType.SEMICOLON;
import static io.caracal.waf.internal.detect.SqlTokenType.SET_OPERATOR;
import static io.caracal.waf.internal.detect.SqlTokenType.STATEMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.VARIABLE;
import static io.caracal.waf.internal.detect.SqlTokenType.WORD;

/**
 * Decides whether a folded token sequence is an injection.
 *
 * <p>The sequence starts where the application's value ends: at the string the input closed (quoted
 * contexts) or at the first token (bare numeric context). An injection must continue that value with
 * SQL that changes the query, and must leave the query well formed. The rules, in order:
 *
 * <ol>
 *   <li><b>Truncation</b> {@code s c}: a closed string followed by a bare comment ({@code admin'--}), or
 *       by a comparison with a literal and a bare comment ({@code '=0--}).</li>
 *   <li><b>Condition chain</b>: after the value, operators and operands alternate. The chain is an
 *       injection when a logic operator (or HAVING/WHERE) joins a condition that is decidable on its own
 *       (a comparison of literals such as {@code 1=1}, {@code 'a'='a'}), or when any operand has strong
 *       evidence (SLEEP, EXTRACTVALUE, a subquery ...). Weaker chains need a terminator proving the
 *       rest of the query was neutralised: a comment, or an open string that the application's closing
 *       quote completes ({@code ' or 'a'='a}). A condition made of a bare word only, or two adjacent
 *       operands, is prose, not SQL, and rejects the chain.</li>
 *   <li><b>UNION</b>: a set operator followed by SELECT and a plausible select list.</li>
 *   <li><b>Stacked statement</b>: {@code ;} followed by a statement whose next tokens fit its syntax
 *       (DROP TABLE, INSERT INTO, EXEC proc, WAITFOR DELAY '..', DECLARE @v ...). T-SQL also accepts
 *       WAITFOR/EXEC/DECLARE/SHUTDOWN without the semicolon.</li>
 *   <li><b>Clauses</b>: ORDER BY / GROUP BY with an ordinal (column-count probing), INTO OUTFILE,
 *       PROCEDURE ANALYSE, LIMIT inside a chain.</li>
 *   <li><b>Subquery operand</b>: an operator followed by SELECT with a plausible select list.</li>
 *   <li><b>Bare context only</b>: the value may be omitted ({@code or 1=1}, {@code union select ...},
 *       {@code ; drop table ...}); a lone time/error/file function call; a standalone SELECT of server
 *       information ({@code select @@version}).</li>
 * </ol>
 */
final class SqlInjectionClassifier {

    private SqlInjectionClassifier() {
    }

    /**
     * Cheap pre-check on the first token after the value: everything {@link #isInjection} accepts
     * starts with one of these, so other inputs need not be folded further. Folding never turns a
     * rejected first token into an accepted one (a word merged with anything stays a word).
     */
    static boolean canStartInjection(SqlTokens t) {
        if (t.quotedContext) {
            return t.size > 1 && !SqlTokenType.isOperand(t.type[1]) && t.type[1] != SqlTokenType.OTHER
                && t.type[1] != SqlTokenType.DOT;
        }
        if (t.size == 0) {
            return false;
        }
        byte first = t.type[0];
        return first == NUMBER || first == STRING || first == VARIABLE || first == FUNCTION || first == LOGIC
            || first == SET_OPERATOR || first == SEMICOLON || first == STATEMENT;
    }

    static boolean isInjection(SqlTokens t) {
        if (t.size == 0) {
            return false;
        }
        if (t.quotedContext) {
            if (t.size == 2 && !t.truncated && t.type[1] == COMMENT && t.bareComment[1]) {
                return true;
            }
            return new SqlConditionChain(t).scan(1);
        }
        return bareContext(t);
    }

    private static boolean bareContext(SqlTokens t) {
        byte first = t.type[0];
        switch (first) {
            case NUMBER, STRING, VARIABLE, FUNCTION -> {
                boolean alone = !t.truncated && (t.size == 1 || (t.size == 2 && t.type[1] == COMMENT));
                if (first == FUNCTION && alone && SqlEvidence.isStrong(t.evidence[0])) {
                    return true;
                }
                return new SqlConditionChain(t).scan(1);
            }
            case LOGIC -> {
                return new SqlConditionChain(t).scan(0);
            }
            case SET_OPERATOR -> {
                return SqlStatementShapes.unionFollows(t, 0);
            }
            case SEMICOLON -> {
                return t.typeAt(1) == STATEMENT && SqlStatementShapes.statementPlausible(t, 1);
            }
            case STATEMENT -> {
                return standaloneStatement(t);
            }
            default -> {
                return false;
            }
        }
    }

    /** A statement submitted on its own: only flagged when it reaches for server internals. */
    private static boolean standaloneStatement(SqlTokens t) {
        switch (t.id[0]) {
            case SqlKeywords.SELECT -> {
                if (t.size > 1 && revealsServer(t.type[1], t.evidence[1])) {
                    return true;
                }
                for (int i = 1; i + 1 < t.size; i++) {
                    if (t.is(i, KEYWORD, SqlKeywords.FROM)) {
                        return (t.evidence[i + 1] & SqlEvidence.CATALOG) != 0 && t.type[i + 1] == WORD;
                    }
                }
                return false;
            }
            case SqlKeywords.WAITFOR -> {
                return SqlStatementShapes.statementPlausible(t, 0);
            }
            case SqlKeywords.EXECUTE -> {
                return (t.evidence[Math.min(1, t.size - 1)] & SqlEvidence.EXEC) != 0;
            }
            case SqlKeywords.DECLARE -> {
                return t.typeAt(1) == VARIABLE && (t.typeAt(2) == WORD || t.typeAt(2) == FUNCTION);
            }
            case SqlKeywords.DDL -> {
                return t.is(1, KEYWORD, SqlKeywords.SCHEMA_OBJECT) && t.typeAt(2) == WORD && t.typeAt(3) == COMMENT;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean revealsServer(byte type, int evidence) {
        if (SqlEvidence.isStrong(evidence)) {
            return true;
        }
        boolean info = (evidence & SqlEvidence.SYSTEM_INFO) != 0;
        return info && (type == VARIABLE || (type == FUNCTION && (evidence & SqlEvidence.EMPTY_CALL) != 0)
            || type == NUMBER);
    }

}
