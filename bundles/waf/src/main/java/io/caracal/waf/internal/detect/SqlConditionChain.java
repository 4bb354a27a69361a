package io.caracal.waf.internal.detect;

import static io.caracal.waf.internal.detect.SqlTokenType.ARITHMETIC;
import static io.caracal.waf.internal.detect.SqlTokenType.COMMA;
import static io.caracal.waf.internal.detect.SqlTokenType.COMMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.COMPARE;
import static io.caracal.waf.internal.detect.SqlTokenType.FUNCTION;
import static io.caracal.waf.internal.detect.SqlTokenType.KEYWORD;
import static io.caracal.waf.internal.detect.SqlTokenType.LOGIC;
import static io.caracal.waf.internal.detect.SqlTokenType.NONE;
import static io.caracal.waf.internal.detect.SqlTokenType.NUMBER;
import static io.caracal.waf.internal.detect.SqlTokenType.OPEN_STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.PREDICATE;
import static io.caracal.waf.internal.detect.SqlTokenType.SEMICOLON;
import static io.caracal.waf.internal.detect.SqlTokenType.SET_OPERATOR;
import static io.caracal.waf.internal.detect.SqlTokenType.STATEMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.VARIABLE;
import static io.caracal.waf.internal.detect.SqlTokenType.WORD;

/**
 * Walks "operand (operator operand)*" after the application's value and judges how it ends.
 * One instance per scan; it only holds counters.
 *
 * <p>Rules, by how the chain ends: see {@link SqlInjectionClassifier}.
 */
final class SqlConditionChain {

    private static final int END = 0;
    private static final int COMMENTED = 1;
    private static final int BARE_COMMENTED = 2;
    private static final int OPEN = 3;

    private final SqlTokens t;

    private int logicOperators;
    private boolean strong;
    private boolean clause;
    private boolean prose;
    /** Some condition after a logic operator compares two literals: decidable without the table. */
    private boolean literalComparison;
    /** Some condition after a logic operator contains a comparison. */
    private boolean comparison;
    /** Some condition after a logic operator contains a literal operand. */
    private boolean literalOperand;

    // The condition being read (since the last logic operator).
    private boolean inCondition;
    private int operands;
    private int words;
    private byte comparator;
    private boolean wordBeforeComparator;
    private byte previousOperand;

    SqlConditionChain(SqlTokens t) {
        this.t = t;
    }

    boolean scan(int from) {
        boolean expectOperator = true;
        byte operator = NONE;
        int i = from;
        while (true) {
            if (i >= t.size) {
                return expectOperator && decide(END);
            }
            byte type = t.type[i];
            if (expectOperator) {
                switch (type) {
                    case COMMENT -> {
                        return decide(t.bareComment[i] ? BARE_COMMENTED : COMMENTED);
                    }
                    case SEMICOLON -> {
                        return afterSemicolon(i);
                    }
                    case SET_OPERATOR -> {
                        return SqlStatementShapes.unionFollows(t, i);
                    }
                    case STATEMENT -> {
                        return statementWithoutSeparator(i);
                    }
                    case KEYWORD -> {
                        if (t.is(i, KEYWORD, SqlKeywords.HAVING) || t.is(i, KEYWORD, SqlKeywords.WHERE)) {
                            startCondition(); // a filter clause joins conditions like AND does
                            logicOperators++;
                            expectOperator = false;
                        } else {
                            int next = clause(i);
                            if (next < 0) {
                                return next == HIT;
                            }
                            i = next;
                            continue;
                        }
                    }
                    case LOGIC -> {
                        startCondition();
                        logicOperators++;
                        expectOperator = false;
                    }
                    case COMPARE, PREDICATE -> {
                        comparator = type;
                        wordBeforeComparator = previousOperand == WORD;
                        expectOperator = false;
                    }
                    case ARITHMETIC, COMMA -> expectOperator = false;
                    default -> {
                        return false; // two operands in a row: prose
                    }
                }
                operator = type;
            } else {
                switch (type) {
                    case NUMBER, STRING, VARIABLE, FUNCTION, WORD -> {
                        operand(i);
                        expectOperator = true;
                    }
                    case OPEN_STRING -> {
                        operand(i);
                        return decide(OPEN);
                    }
                    case STATEMENT -> {
                        // a subquery as an operand; after a comma it would read like a list in prose
                        return operator != COMMA && t.id[i] == SqlKeywords.SELECT
                            && SqlStatementShapes.selectListPlausible(t, i + 1);
                    }
                    default -> {
                        return false;
                    }
                }
            }
            i++;
        }
    }

    private static final int HIT = -1;
    private static final int MISS = -2;

    /** Handles a clause keyword in operator position; returns HIT, MISS or the index to resume at. */
    private int clause(int i) {
        switch (t.id[i]) {
            case SqlKeywords.ORDER_BY, SqlKeywords.GROUP_BY -> {
                byte item = t.typeAt(i + 1);
                if (item == NUMBER) {
                    return HIT;
                }
                if (item == WORD || item == FUNCTION) {
                    clause = true;
                    return i + 2;
                }
                return MISS;
            }
            case SqlKeywords.LIMIT -> {
                if (t.typeAt(i + 1) == NUMBER) {
                    clause = true;
                    return i + 2;
                }
                return MISS;
            }
            case SqlKeywords.OUTFILE, SqlKeywords.PROCEDURE_ANALYSE -> {
                return HIT;
            }
            default -> {
                return MISS;
            }
        }
    }

    private boolean afterSemicolon(int i) {
        byte next = t.typeAt(i + 1);
        if (next == NONE) {
            return decide(END);
        }
        if (next == COMMENT) {
            return decide(t.bareComment[i + 1] ? BARE_COMMENTED : COMMENTED);
        }
        return next == STATEMENT && SqlStatementShapes.statementPlausible(t, i + 1);
    }

    /** SQL Server runs consecutive statements without a separator. */
    private boolean statementWithoutSeparator(int i) {
        int id = t.id[i];
        boolean batchStatement = id == SqlKeywords.WAITFOR || id == SqlKeywords.EXECUTE
            || id == SqlKeywords.DECLARE || id == SqlKeywords.SHUTDOWN;
        return batchStatement && SqlStatementShapes.statementPlausible(t, i);
    }

    private void operand(int i) {
        inCondition = true;
        operands++;
        byte type = t.type[i];
        if (type == WORD) {
            words++;
        }
        if (SqlEvidence.isStrong(t.evidence[i])) {
            strong = true;
        }
        previousOperand = type;
    }

    private void startCondition() {
        finishCondition();
        inCondition = true;
        operands = 0;
        words = 0;
        comparator = NONE;
        wordBeforeComparator = false;
        previousOperand = NONE;
    }

    /** Folds the condition just read into the chain's verdict inputs. */
    private void finishCondition() {
        if (!inCondition || logicOperators == 0) {
            return;
        }
        if (comparator == NONE) {
            if (operands > 0 && words == operands && !strong) {
                prose = true; // "... and coaches": a lone word is not a condition
            }
            if (operands > words) {
                literalOperand = true;
            }
            return;
        }
        comparison = true;
        if (words == 0 && operands >= 2) {
            literalComparison = true;
        }
        if (operands > words) {
            literalOperand = true;
        }
    }

    private boolean decide(int termination) {
        boolean lastCompared = comparator != NONE;
        boolean lastLooseMatch = comparator == PREDICATE && wordBeforeComparator;
        finishCondition();
        if (termination == OPEN && !t.quotedContext) {
            return false; // numeric context: a dangling quote breaks the query
        }
        if (strong) {
            return true;
        }
        if (prose) {
            return false;
        }
        if (logicOperators == 0) {
            // '=0-- : MySQL casts '' to 0, so the comparison itself is the tautology
            boolean comparedContext = t.quotedContext && lastCompared && operands > words;
            return termination == BARE_COMMENTED && (clause || comparedContext);
        }
        return switch (termination) {
            case END -> literalComparison;
            case OPEN -> literalComparison || (lastCompared && !lastLooseMatch);
            case COMMENTED -> comparison || clause;
            default -> comparison || literalOperand || clause;
        };
    }
}
