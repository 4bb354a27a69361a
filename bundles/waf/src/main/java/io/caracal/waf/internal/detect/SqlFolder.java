package io.caracal.waf.internal.detect;

import static io.caracal.waf.internal.detect.SqlTokenType.ARITHMETIC;
import static io.caracal.waf.internal.detect.SqlTokenType.CLOSE_PAREN;
import static io.caracal.waf.internal.detect.SqlTokenType.COMMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.DOT;
import static io.caracal.waf.internal.detect.SqlTokenType.FUNCTION;
import static io.caracal.waf.internal.detect.SqlTokenType.KEYWORD;
import static io.caracal.waf.internal.detect.SqlTokenType.NUMBER;
import static io.caracal.waf.internal.detect.SqlTokenType.OPEN_PAREN;
import static io.caracal.waf.internal.detect.SqlTokenType.OPEN_STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.PREDICATE;
import static io.caracal.waf.internal.detect.SqlTokenType.SET_OPERATOR;
import static io.caracal.waf.internal.detect.SqlTokenType.STATEMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.WORD;

/**
 * Reduces the lexer's tokens to the shape the classifier reasons about.
 *
 * <ul>
 *   <li>Grouping parentheses are dropped: {@code ((1=1))} means the same as {@code 1=1}.</li>
 *   <li>A function call with its whole argument list becomes one FUNCTION operand carrying the
 *       evidence of everything inside it (a SLEEP nested in an IF still delays).</li>
 *   <li>{@code a + b}, {@code -1}, {@code NOT x} collapse to one operand; a leading {@code *} is the
 *       star of a select list.</li>
 *   <li>Multi-word operators and clauses merge: UNION ALL, ORDER BY, GROUP BY, IS NOT, NOT LIKE,
 *       SOUNDS LIKE, INTO OUTFILE, PROCEDURE ANALYSE, WAITFOR DELAY, SELECT DISTINCT/TOP.</li>
 *   <li>CASE ... END becomes one operand; {@code a.b} joined by a dot token becomes one identifier.</li>
 * </ul>
 */
final class SqlFolder {

    private final SqlLexer lexer;
    private final String in;
    private final SqlToken current = new SqlToken();
    private final SqlToken ahead = new SqlToken();
    private boolean hasAhead;

    SqlFolder(SqlLexer lexer, String in) {
        this.lexer = lexer;
        this.in = in;
    }

    /** Folds the rest of the input (up to the token list's capacity). */
    void foldInto(SqlTokens out) {
        foldInto(out, Integer.MAX_VALUE);
    }

    /** Folds until {@code out} holds {@code limit} tokens; a later call resumes where this stopped. */
    void foldInto(SqlTokens out, int limit) {
        SqlToken t = current;
        while (out.size < limit && read(t)) {
            if (out.isFull()) {
                out.truncated = true;
                return;
            }
            switch (t.type) {
                case OPEN_PAREN, CLOSE_PAREN -> {
                    // grouping does not change what a condition means
                }
                case FUNCTION -> {
                    int evidence = t.evidence;
                    addOperand(out, FUNCTION, evidence | consumeArguments());
                }
                case KEYWORD -> foldKeyword(t, out);
                case SET_OPERATOR -> {
                    out.add(t);
                    skipIfNext(KEYWORD, SqlKeywords.SELECT_MODIFIER);
                }
                case STATEMENT -> {
                    if (t.id == SqlKeywords.WAITFOR) {
                        skipWaitforKind();
                    }
                    out.add(t);
                }
                case PREDICATE -> {
                    // IS NOT, SOUNDS LIKE: the second word refines the same comparison
                    SqlToken n = peek();
                    if (n != null && (n.type == SqlTokenType.NOT || n.type == PREDICATE)) {
                        hasAhead = false;
                    }
                    out.add(t);
                }
                case SqlTokenType.NOT -> {
                    SqlToken n = peek();
                    if (n != null && n.type == PREDICATE) {
                        hasAhead = false;
                        out.add(PREDICATE, 0, 0);
                    }
                    // otherwise a negation, which leaves the expression's shape unchanged
                }
                case ARITHMETIC -> foldArithmetic(t, out);
                case DOT -> foldDot(t, out);
                case SqlTokenType.NUMBER, SqlTokenType.STRING, OPEN_STRING, WORD, SqlTokenType.VARIABLE ->
                    addOperand(out, t.type, t.evidence);
                default -> out.add(t);
            }
        }
    }

    private void foldKeyword(SqlToken t, SqlTokens out) {
        boolean callable = (t.evidence & SqlEvidence.SQL_FUNCTION) != 0;
        if (callable && expectsOperand(out)) {
            // USER, DATABASE, SCHEMA where a value is expected: the niladic pseudo-column, not DROP USER
            addOperand(out, WORD, t.evidence & ~SqlEvidence.SQL_FUNCTION);
            return;
        }
        switch (t.id) {
            case SqlKeywords.CASE -> {
                SqlToken n = peek();
                if (n != null && n.is(KEYWORD, SqlKeywords.WHEN)) {
                    addOperand(out, FUNCTION, consumeCase());
                } else {
                    addOperand(out, WORD, 0);
                }
            }
            case SqlKeywords.ORDER, SqlKeywords.GROUP -> {
                int merged = t.id == SqlKeywords.ORDER ? SqlKeywords.ORDER_BY : SqlKeywords.GROUP_BY;
                if (skipIfNext(KEYWORD, SqlKeywords.BY)) {
                    out.add(KEYWORD, merged, 0);
                } else {
                    addOperand(out, WORD, 0); // "order" and "group" are ordinary nouns
                }
            }
            case SqlKeywords.INTO -> {
                if (skipIfNext(KEYWORD, SqlKeywords.OUTFILE)) {
                    out.add(KEYWORD, SqlKeywords.OUTFILE, SqlEvidence.FILE);
                } else {
                    out.add(t);
                }
            }
            case SqlKeywords.OUTFILE -> out.add(KEYWORD, SqlKeywords.OUTFILE, SqlEvidence.FILE);
            case SqlKeywords.PROCEDURE -> {
                if (skipIfNext(KEYWORD, SqlKeywords.ANALYSE)) {
                    out.add(KEYWORD, SqlKeywords.PROCEDURE_ANALYSE, 0);
                } else {
                    out.add(KEYWORD, SqlKeywords.SCHEMA_OBJECT, 0);
                }
            }
            case SqlKeywords.SELECT_MODIFIER -> {
                boolean afterSelect = out.size > 0
                    && (out.is(out.last(), STATEMENT, SqlKeywords.SELECT) || out.lastType() == SET_OPERATOR);
                if (!afterSelect) {
                    addOperand(out, WORD, 0);
                }
            }
            default -> out.add(t);
        }
    }

    /** After SELECT, an operator or a comma the next token is a value. */
    private static boolean expectsOperand(SqlTokens out) {
        byte last = out.lastType();
        return out.is(out.last(), STATEMENT, SqlKeywords.SELECT) || last == SqlTokenType.LOGIC
            || last == SqlTokenType.COMPARE || last == PREDICATE || last == ARITHMETIC || last == SqlTokenType.COMMA;
    }

    /** Binary operators stay until their right operand arrives; unary signs vanish. */
    private void foldArithmetic(SqlToken t, SqlTokens out) {
        if (SqlTokenType.isOperand(out.lastType())) {
            out.add(t);
        } else if (in.charAt(t.start) == '*') {
            addOperand(out, NUMBER, 0); // SELECT *, COUNT(*)
        }
    }

    /** {@code `db`.`table`} or {@code [dbo].[users]}: one qualified identifier. */
    private void foldDot(SqlToken t, SqlTokens out) {
        SqlToken n = peek();
        if (out.lastType() == WORD && n != null && n.type == WORD) {
            hasAhead = false;
            out.evidence[out.last()] |= n.evidence;
        } else {
            out.add(t);
        }
    }

    private void addOperand(SqlTokens out, byte type, int evidence) {
        int n = out.size;
        boolean binary = n >= 2 && out.type[n - 1] == ARITHMETIC && SqlTokenType.isOperand(out.type[n - 2])
            && !(out.quotedContext && n - 2 == 0);
        if (binary) {
            out.removeLast();
            int left = n - 2;
            out.type[left] = mergedType(out.type[left], type);
            out.evidence[left] |= evidence;
            return;
        }
        out.add(type, 0, evidence);
    }

    /** Type of {@code left op right}: an open string stays open; a column reference stays a column. */
    private static byte mergedType(byte left, byte right) {
        if (right == OPEN_STRING) {
            return OPEN_STRING;
        }
        if (left == WORD || right == WORD) {
            return WORD;
        }
        if (left == FUNCTION || right == FUNCTION) {
            return FUNCTION;
        }
        return left;
    }

    /** Consumes a balanced argument list and returns the evidence found inside it. */
    private int consumeArguments() {
        int depth = 0;
        int evidence = 0;
        boolean empty = true;
        SqlToken t = current;
        while (read(t)) {
            switch (t.type) {
                case OPEN_PAREN -> depth++;
                case CLOSE_PAREN -> {
                    depth--;
                    if (depth <= 0) {
                        return empty ? evidence | SqlEvidence.EMPTY_CALL : evidence;
                    }
                }
                case COMMENT -> {
                    pushBack(t);
                    return evidence;
                }
                default -> {
                    empty = false;
                    if (t.is(STATEMENT, SqlKeywords.SELECT)) {
                        evidence |= SqlEvidence.SUBQUERY;
                    }
                    evidence |= t.evidence & ~(SqlEvidence.SQL_FUNCTION | SqlEvidence.EMPTY_CALL);
                }
            }
        }
        return evidence;
    }

    /** Consumes CASE ... END (nested CASEs included) and returns the evidence found inside it. */
    private int consumeCase() {
        int depth = 1;
        int evidence = 0;
        SqlToken t = current;
        while (read(t)) {
            if (t.type == COMMENT) {
                pushBack(t);
                break;
            }
            if (t.is(KEYWORD, SqlKeywords.CASE)) {
                depth++;
            } else if (t.is(KEYWORD, SqlKeywords.END) && --depth == 0) {
                break;
            } else if (t.is(STATEMENT, SqlKeywords.SELECT)) {
                evidence |= SqlEvidence.SUBQUERY;
            }
            evidence |= t.evidence & ~(SqlEvidence.SQL_FUNCTION | SqlEvidence.EMPTY_CALL);
        }
        return evidence;
    }

    /** WAITFOR DELAY '...' and WAITFOR TIME '...' are one statement keyword. */
    private void skipWaitforKind() {
        SqlToken n = peek();
        if (n == null) {
            return;
        }
        boolean time = n.type == WORD && n.end - n.start == 4 && in.regionMatches(true, n.start, "time", 0, 4);
        if (n.is(KEYWORD, SqlKeywords.DELAY) || time) {
            hasAhead = false;
        }
    }

    private boolean skipIfNext(byte type, int id) {
        SqlToken n = peek();
        if (n != null && n.is(type, id)) {
            hasAhead = false;
            return true;
        }
        return false;
    }

    private boolean read(SqlToken into) {
        if (hasAhead) {
            into.copyFrom(ahead);
            hasAhead = false;
            return true;
        }
        return lexer.next(into);
    }

    private SqlToken peek() {
        if (!hasAhead) {
            if (!lexer.next(ahead)) {
                return null;
            }
            hasAhead = true;
        }
        return ahead;
    }

    private void pushBack(SqlToken t) {
        ahead.copyFrom(t);
        hasAhead = true;
    }
}
