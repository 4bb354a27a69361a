package io.caracal.waf.internal.detect;

/**
 * Token categories of the SQL lexer and the one-letter codes used to print them in fingerprints.
 *
 * <p>The categories are deliberately coarse: the classifier reasons about the shape of an expression
 * (operand, operator, clause, statement), not about which exact keyword was used. Finer detail that a
 * rule needs (for example "which statement") travels in the token's keyword id.
 */
final class SqlTokenType {

    static final byte NONE = 0;
    /** Numeric literal, NULL/TRUE/FALSE, hex or bit literal, or a folded arithmetic expression of them. */
    static final byte NUMBER = 1;
    /** Closed string literal. */
    static final byte STRING = 2;
    /** String literal still open at the end of the input; the application's own quote would close it. */
    static final byte OPEN_STRING = 3;
    /** Identifier, bare or quoted with backticks or brackets; also any unknown word. */
    static final byte WORD = 4;
    /** {@code @user} or {@code @@system} variable. */
    static final byte VARIABLE = 5;
    /** A complete function call (name plus its argument list, folded into one operand). */
    static final byte FUNCTION = 6;
    /** Keyword that starts a statement: SELECT, DROP, EXEC, WAITFOR ... */
    static final byte STATEMENT = 7;
    /** UNION, EXCEPT, INTERSECT, MINUS. */
    static final byte SET_OPERATOR = 8;
    /** Any other reserved word: FROM, WHERE, ORDER BY, INTO OUTFILE, TABLE ... */
    static final byte KEYWORD = 9;
    /** AND, OR, XOR, &amp;&amp;, ||. */
    static final byte LOGIC = 10;
    /** Symbolic comparison: = &lt; &gt; &lt;= &gt;= &lt;&gt; != &lt;=&gt;. */
    static final byte COMPARE = 11;
    /** Word comparison: LIKE, IN, IS [NOT], BETWEEN, REGEXP, SOUNDS LIKE ... */
    static final byte PREDICATE = 12;
    /** Arithmetic or bitwise operator. */
    static final byte ARITHMETIC = 13;
    /** NOT or ! (unary, removed by folding). */
    static final byte NOT = 14;
    static final byte OPEN_PAREN = 15;
    static final byte CLOSE_PAREN = 16;
    static final byte COMMA = 17;
    static final byte SEMICOLON = 18;
    static final byte DOT = 19;
    /** Comment that runs to the end of the input (line comment or unterminated block comment). */
    static final byte COMMENT = 20;
    /** Punctuation with no SQL meaning here; it breaks every rule. */
    static final byte OTHER = 21;

    private static final String LETTERS = "_nsqwvfEUk&=lo!(),;.c?";

    private SqlTokenType() {
    }

    static char letter(int type) {
        return LETTERS.charAt(type);
    }

    /** True for tokens that can stand where a value is expected. */
    static boolean isOperand(int type) {
        return type >= NUMBER && type <= FUNCTION;
    }

    /** Operand that is a value by itself rather than a reference to a column. */
    static boolean isLiteral(int type) {
        return isOperand(type) && type != WORD;
    }
}
