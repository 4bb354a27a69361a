package io.caracal.waf.internal.detect;

import static io.caracal.waf.internal.detect.SqlTokenType.COMMA;
import static io.caracal.waf.internal.detect.SqlTokenType.COMMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.FUNCTION;
import static io.caracal.waf.internal.detect.SqlTokenType.KEYWORD;
import static io.caracal.waf.internal.detect.SqlTokenType.NONE;
import static io.caracal.waf.internal.detect.SqlTokenType.NUMBER;
import static io.caracal.waf.internal.detect.SqlTokenType.OPEN_STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.SEMICOLON;
import static io.caracal.waf.internal.detect.SqlTokenType.SET_OPERATOR;
import static io.caracal.waf.internal.detect.SqlTokenType.STATEMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.VARIABLE;
import static io.caracal.waf.internal.detect.SqlTokenType.WORD;

/**
 * Whether the tokens after a SELECT, UNION or statement keyword fit that construct's syntax. Prose uses
 * the same words ("union select committee", "drop me a line"); what follows them tells the two apart.
 */
final class SqlStatementShapes {

    private SqlStatementShapes() {
    }

    static boolean unionFollows(SqlTokens t, int i) {
        return t.is(i + 1, STATEMENT, SqlKeywords.SELECT) && selectListPlausible(t, i + 2);
    }

    /**
     * The first select item is a literal, a call, a variable or *, or a column name followed by what
     * follows a select item (a comma, FROM, INTO, a comment). "union select committee" is prose.
     */
    static boolean selectListPlausible(SqlTokens t, int i) {
        byte type = t.typeAt(i);
        switch (type) {
            case NUMBER, STRING, OPEN_STRING, VARIABLE, FUNCTION -> {
                return true;
            }
            case STATEMENT -> {
                return t.id[i] == SqlKeywords.SELECT && selectListPlausible(t, i + 1);
            }
            case WORD -> {
                byte next = t.typeAt(i + 1);
                return next == COMMA || next == COMMENT || next == SET_OPERATOR
                    || t.is(i + 1, KEYWORD, SqlKeywords.FROM) || t.is(i + 1, KEYWORD, SqlKeywords.INTO)
                    || t.is(i + 1, KEYWORD, SqlKeywords.OUTFILE);
            }
            default -> {
                return false;
            }
        }
    }

    /** Whether the tokens after the statement keyword at {@code i} fit that statement's syntax. */
    static boolean statementPlausible(SqlTokens t, int i) {
        int k = i + 1;
        byte next = t.typeAt(k);
        switch (t.id[i]) {
            case SqlKeywords.SELECT -> {
                return selectListPlausible(t, k);
            }
            case SqlKeywords.INSERT -> {
                return t.is(k, KEYWORD, SqlKeywords.INTO);
            }
            case SqlKeywords.UPDATE -> {
                return next == WORD && t.is(k + 1, KEYWORD, SqlKeywords.SET);
            }
            case SqlKeywords.DELETE -> {
                return t.is(k, KEYWORD, SqlKeywords.FROM)
                    || (next == WORD && (t.is(k + 1, KEYWORD, SqlKeywords.FROM) || t.is(k + 1, KEYWORD, SqlKeywords.WHERE)));
            }
            case SqlKeywords.DDL -> {
                return t.is(k, KEYWORD, SqlKeywords.SCHEMA_OBJECT);
            }
            case SqlKeywords.EXECUTE -> {
                return SqlTokenType.isOperand(next);
            }
            case SqlKeywords.DECLARE -> {
                return next == VARIABLE;
            }
            case SqlKeywords.SHUTDOWN -> {
                return (next == NONE && !t.truncated) || next == COMMENT || next == SEMICOLON || next == WORD;
            }
            case SqlKeywords.WAITFOR -> {
                return next == STRING || next == OPEN_STRING || next == VARIABLE;
            }
            case SqlKeywords.GRANT -> {
                for (int j = k; j < Math.min(t.size, k + 6); j++) {
                    if (t.is(j, KEYWORD, SqlKeywords.ON)) {
                        return true;
                    }
                }
                return false;
            }
            case SqlKeywords.COPY -> {
                // COPY users TO '/tmp/x', COPY (SELECT ...) TO PROGRAM 'cmd'
                int target = next == WORD ? k + 1 : -1;
                if (next == STATEMENT) {
                    for (int j = k; j < Math.min(t.size, k + 8); j++) {
                        if (t.is(j, KEYWORD, SqlKeywords.TO)) {
                            target = j;
                            break;
                        }
                    }
                }
                return target > 0 && (t.is(target, KEYWORD, SqlKeywords.TO) || t.is(target, KEYWORD, SqlKeywords.FROM));
            }
            case SqlKeywords.IF -> {
                // T-SQL "IF <condition> <statement>": look for the guarded statement shortly after.
                for (int j = k; j < Math.min(t.size, k + 8); j++) {
                    if (t.type[j] == STATEMENT && t.id[j] != SqlKeywords.IF && statementPlausible(t, j)) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                return next == KEYWORD || next == VARIABLE || next == STRING || next == FUNCTION || next == NUMBER;
            }
        }
    }
}
