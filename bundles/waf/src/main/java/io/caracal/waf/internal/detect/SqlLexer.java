package io.caracal.waf.internal.detect;

import static io.caracal.waf.internal.detect.SqlTokenType.ARITHMETIC;
import static io.caracal.waf.internal.detect.SqlTokenType.CLOSE_PAREN;
import static io.caracal.waf.internal.detect.SqlTokenType.COMMA;
import static io.caracal.waf.internal.detect.SqlTokenType.COMMENT;
import static io.caracal.waf.internal.detect.SqlTokenType.COMPARE;
import static io.caracal.waf.internal.detect.SqlTokenType.DOT;
import static io.caracal.waf.internal.detect.SqlTokenType.FUNCTION;
import static io.caracal.waf.internal.detect.SqlTokenType.LOGIC;
import static io.caracal.waf.internal.detect.SqlTokenType.NOT;
import static io.caracal.waf.internal.detect.SqlTokenType.NUMBER;
import static io.caracal.waf.internal.detect.SqlTokenType.OPEN_PAREN;
import static io.caracal.waf.internal.detect.SqlTokenType.OPEN_STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.OTHER;
import static io.caracal.waf.internal.detect.SqlTokenType.SEMICOLON;
import static io.caracal.waf.internal.detect.SqlTokenType.STRING;
import static io.caracal.waf.internal.detect.SqlTokenType.VARIABLE;
import static io.caracal.waf.internal.detect.SqlTokenType.WORD;

/**
 * Splits a byte string into SQL tokens, accepting the union of the common dialects' lexical rules.
 *
 * <p>Whitespace and closed block comments are skipped (they only separate tokens). MySQL executable
 * comments {@code /*!50000 ... *}{@code /} are lexed as code because MySQL runs them. {@code --},
 * {@code #} and unterminated {@code /*} comments swallow the rest of the input, which is exactly why an
 * attacker appends them. Chars 0x80-0xFF are word characters so UTF-8 text reads as ordinary words.
 */
final class SqlLexer {

    private final String in;
    private final int end;
    private int pos;
    /** Nesting of MySQL executable comments whose closing marker is still ahead. */
    private int executableDepth;
    /** No ']' exists at or after this position; remembered so "[[[[..." stays linear. */
    private int noBracketCloseFrom = Integer.MAX_VALUE;
    /** Same for '`'. */
    private int noBacktickCloseFrom = Integer.MAX_VALUE;

    SqlLexer(String in) {
        this.in = in;
        this.end = in.length();
    }

    /**
     * Reads the string the application opened before the input: it ends at the first quote the input
     * leaves unescaped. Returns false when the input never closes it (no injection in that context).
     */
    boolean readContextString(char quote, SqlToken out) {
        int close = findStringEnd(0, quote);
        if (close < 0) {
            return false;
        }
        out.set(STRING, 0, close + 1);
        pos = close + 1;
        return true;
    }

    /** Reads the next token into {@code out}; false at the end of input. */
    boolean next(SqlToken out) {
        while (pos < end) {
            char c = in.charAt(pos);
            if (isSpace(c)) {
                pos++;
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                if (skipBlockComment(out)) {
                    continue;
                }
                return true;
            }
            if (c == '*' && peek(1) == '/' && executableDepth > 0) {
                executableDepth--;
                pos += 2;
                continue;
            }
            lexToken(c, out);
            return true;
        }
        return false;
    }

    private void lexToken(char c, SqlToken out) {
        int start = pos;
        switch (c) {
            case '\'', '"' -> lexString(c, out);
            case '`' -> lexDelimitedIdentifier('`', out);
            case '[' -> lexDelimitedIdentifier(']', out);
            case '#' -> lexComment(start, start + 1, out);
            case '-' -> {
                if (peek(1) == '-') {
                    lexComment(start, start + 2, out);
                } else {
                    single(ARITHMETIC, out);
                }
            }
            case '(' -> single(OPEN_PAREN, out);
            case ')' -> single(CLOSE_PAREN, out);
            case ',' -> single(COMMA, out);
            case ';' -> single(SEMICOLON, out);
            case '.' -> {
                if (isDigit(peek(1))) {
                    lexNumber(out);
                } else {
                    single(DOT, out);
                }
            }
            case '=' -> operator(peek(1) == '=' ? 2 : 1, COMPARE, out);
            case '<' -> {
                if (peek(1) == '=' && peek(2) == '>') {
                    operator(3, COMPARE, out);
                } else if (peek(1) == '=' || peek(1) == '>') {
                    operator(2, COMPARE, out);
                } else if (peek(1) == '<') {
                    operator(2, ARITHMETIC, out);
                } else {
                    operator(1, COMPARE, out);
                }
            }
            case '>' -> {
                if (peek(1) == '=') {
                    operator(2, COMPARE, out);
                } else if (peek(1) == '>') {
                    operator(2, ARITHMETIC, out);
                } else {
                    operator(1, COMPARE, out);
                }
            }
            case '!' -> {
                char n = peek(1);
                if (n == '=' || n == '<' || n == '>') {
                    operator(2, COMPARE, out);
                } else {
                    single(NOT, out);
                }
            }
            case '&' -> operator(peek(1) == '&' ? 2 : 1, peek(1) == '&' ? LOGIC : ARITHMETIC, out);
            case '|' -> operator(peek(1) == '|' ? 2 : 1, peek(1) == '|' ? LOGIC : ARITHMETIC, out);
            case '+', '*', '/', '%', '^', '~' -> single(ARITHMETIC, out);
            case ':' -> {
                if (peek(1) == ':') {
                    operator(2, ARITHMETIC, out); // PostgreSQL cast
                } else if (peek(1) == '=') {
                    operator(2, COMPARE, out); // assignment
                } else {
                    single(OTHER, out);
                }
            }
            case '@' -> lexVariable(out);
            case '$' -> lexDollar(out);
            default -> {
                if (isDigit(c)) {
                    lexNumber(out);
                } else if (isWordStart(c)) {
                    lexWord(out);
                } else {
                    single(OTHER, out);
                }
            }
        }
    }

    private void single(byte type, SqlToken out) {
        operator(1, type, out);
    }

    private void operator(int length, byte type, SqlToken out) {
        out.set(type, pos, pos + length);
        pos += length;
    }

    private void lexString(char quote, SqlToken out) {
        int start = pos;
        int close = findStringEnd(pos + 1, quote);
        if (close < 0) {
            out.set(OPEN_STRING, start, end);
            pos = end;
        } else {
            out.set(STRING, start, close + 1);
            pos = close + 1;
        }
    }

    /** Index of the quote closing a string whose body starts at {@code from}, or -1. */
    private int findStringEnd(int from, char quote) {
        int i = from;
        while (i < end) {
            char c = in.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < end && in.charAt(i + 1) == quote) {
                    i += 2; // doubled quote is an escaped quote
                } else {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    private void lexDelimitedIdentifier(char close, SqlToken out) {
        int start = pos;
        int knownMissing = close == ']' ? noBracketCloseFrom : noBacktickCloseFrom;
        int i = pos + 1 >= knownMissing ? -1 : in.indexOf(close, pos + 1);
        if (i < 0) {
            if (close == ']') {
                noBracketCloseFrom = Math.min(noBracketCloseFrom, pos + 1);
            } else {
                noBacktickCloseFrom = Math.min(noBacktickCloseFrom, pos + 1);
            }
            single(OTHER, out);
            return;
        }
        out.set(WORD, start, i + 1);
        pos = i + 1;
        // `db`.`table` and [dbo].[users] are folded by the folder through DOT tokens.
    }

    private void lexComment(int start, int bodyStart, SqlToken out) {
        out.set(COMMENT, start, end);
        out.bareComment = isFiller(bodyStart);
        pos = end;
    }

    /** A comment body of nothing but spaces and comment punctuation, e.g. {@code -- -} or {@code --+}. */
    private boolean isFiller(int from) {
        for (int i = from; i < end; i++) {
            char c = in.charAt(i);
            if (!isSpace(c) && c != '-' && c != '+' && c != '#' && c != '*' && c != '/' && c != ';') {
                return false;
            }
        }
        return true;
    }

    /** Skips a closed block comment (returns true) or emits an unterminated one as COMMENT (false). */
    private boolean skipBlockComment(SqlToken out) {
        if (peek(2) == '!') {
            pos += 3;
            int digits = 0;
            while (digits < 6 && pos < end && isDigit(in.charAt(pos))) {
                pos++;
                digits++;
            }
            executableDepth++;
            return true;
        }
        int close = in.indexOf("*/", pos + 2);
        if (close < 0) {
            lexComment(pos, pos + 2, out);
            return false;
        }
        pos = close + 2;
        return true;
    }

    private void lexVariable(SqlToken out) {
        int start = pos;
        int i = pos + 1;
        boolean system = i < end && in.charAt(i) == '@';
        if (system) {
            i++;
        }
        if (i < end && (in.charAt(i) == '\'' || in.charAt(i) == '"' || in.charAt(i) == '`')) {
            int close = findStringEnd(i + 1, in.charAt(i));
            i = close < 0 ? end : close + 1;
        } else {
            int nameStart = i;
            i = scanQualifiedName(i);
            if (i == nameStart) {
                single(OTHER, out);
                return;
            }
        }
        out.set(VARIABLE, start, i);
        if (system) {
            out.evidence = SqlEvidence.SYSTEM_INFO;
        }
        pos = i;
    }

    /** PostgreSQL dollar-quoted string {@code $$...$$}; otherwise {@code $} starts an identifier. */
    private void lexDollar(SqlToken out) {
        if (peek(1) == '$') {
            int close = in.indexOf("$$", pos + 2);
            if (close < 0) {
                out.set(OPEN_STRING, pos, end);
                pos = end;
            } else {
                out.set(STRING, pos, close + 2);
                pos = close + 2;
            }
        } else if (isWordChar(peek(1))) {
            lexWord(out);
        } else {
            single(OTHER, out);
        }
    }

    private void lexNumber(SqlToken out) {
        int start = pos;
        int i = pos;
        if (in.charAt(i) == '0' && (peek(1) == 'x' || peek(1) == 'X') && isHexDigit(peek(2))) {
            i += 2;
            while (i < end && isHexDigit(in.charAt(i))) {
                i++;
            }
        } else if (in.charAt(i) == '0' && (peek(1) == 'b' || peek(1) == 'B') && isBit(peek(2))) {
            i += 2;
            while (i < end && isBit(in.charAt(i))) {
                i++;
            }
        } else {
            while (i < end && isDigit(in.charAt(i))) {
                i++;
            }
            if (i < end && in.charAt(i) == '.') {
                i++;
                while (i < end && isDigit(in.charAt(i))) {
                    i++;
                }
            }
            if (i < end && (in.charAt(i) == 'e' || in.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < end && (in.charAt(j) == '+' || in.charAt(j) == '-')) {
                    j++;
                }
                if (j < end && isDigit(in.charAt(j))) {
                    i = j;
                    while (i < end && isDigit(in.charAt(i))) {
                        i++;
                    }
                }
            }
        }
        if (i < end && isWordChar(in.charAt(i))) {
            // "1union" lexes as 1 + UNION (MySQL does the same); "90s" or "5pm" is just a word.
            int wordEnd = i;
            while (wordEnd < end && isWordChar(in.charAt(wordEnd))) {
                wordEnd++;
            }
            int packed = SqlKeywords.lookup(in, i, wordEnd);
            byte type = packed == NameTable.MISSING ? WORD : SqlKeywords.type(packed);
            if (type == WORD || type == NUMBER) {
                pos = start;
                lexWord(out);
                return;
            }
        }
        out.set(NUMBER, start, i);
        pos = i;
    }

    private void lexWord(SqlToken out) {
        int start = pos;
        char first = in.charAt(start);
        if (peek(1) == '\'') {
            // x'41', b'01' are numbers; N'...' and E'...' are strings.
            char f = NameTable.lower(first);
            if (f == 'x' || f == 'b' || f == 'n' || f == 'e') {
                pos++;
                lexString('\'', out);
                if (f == 'x' || f == 'b') {
                    out.type = out.type == STRING ? NUMBER : out.type;
                }
                out.start = start;
                return;
            }
        }
        int i = scanQualifiedName(pos);
        pos = i;
        out.set(WORD, start, i);
        int packed = SqlKeywords.lookup(in, start, i);
        if (packed != NameTable.MISSING) {
            out.type = SqlKeywords.type(packed);
            out.id = SqlKeywords.id(packed);
            out.evidence = SqlKeywords.evidence(packed);
        } else {
            out.evidence = segmentEvidence(start, i);
        }
        boolean callable = out.type == WORD || (out.evidence & SqlEvidence.SQL_FUNCTION) != 0;
        if (callable && argumentListFollows()) {
            out.type = FUNCTION;
        }
    }

    /** Word characters, optionally joined by dots as in {@code information_schema.tables}. */
    private int scanQualifiedName(int from) {
        int i = from;
        while (i < end && isWordChar(in.charAt(i))) {
            i++;
        }
        while (i > from && i + 1 < end && in.charAt(i) == '.') {
            int j = i + 1;
            if (in.charAt(j) == '.' && j + 1 < end) {
                j++; // master..xp_cmdshell
            }
            if (!isWordChar(in.charAt(j))) {
                break;
            }
            i = j;
            while (i < end && isWordChar(in.charAt(i))) {
                i++;
            }
        }
        return i;
    }

    /** Evidence of the parts of a dotted name, e.g. CATALOG for information_schema.columns. */
    private int segmentEvidence(int start, int stop) {
        int evidence = 0;
        int segmentStart = start;
        for (int i = start; i <= stop; i++) {
            if (i == stop || in.charAt(i) == '.') {
                if (segmentStart < i && (segmentStart != start || i != stop)) {
                    int packed = SqlKeywords.lookup(in, segmentStart, i);
                    if (packed != NameTable.MISSING) {
                        evidence |= SqlKeywords.evidence(packed) & ~SqlEvidence.SQL_FUNCTION;
                    }
                }
                segmentStart = i + 1;
            }
        }
        return evidence;
    }

    /**
     * An argument list starts right after the name, or after block comments only: a space before the
     * paren is how prose writes "(", and built-in SQL functions do not allow one by default.
     */
    private boolean argumentListFollows() {
        int i = pos;
        while (i < end) {
            char c = in.charAt(i);
            if (c == '(') {
                return true;
            }
            if (c == '/' && i + 1 < end && in.charAt(i + 1) == '*' && (i + 2 >= end || in.charAt(i + 2) != '!')) {
                int close = in.indexOf("*/", i + 2);
                if (close < 0) {
                    return false;
                }
                i = close + 2;
            } else {
                return false;
            }
        }
        return false;
    }

    private char peek(int offset) {
        int i = pos + offset;
        return i < end ? in.charAt(i) : '\0';
    }

    static boolean isSpace(char c) {
        return c <= ' ' || c == 0x7f;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isBit(char c) {
        return c == '0' || c == '1';
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isWordChar(char c) {
        return isWordStart(c) || isDigit(c) || c == '$';
    }
}
