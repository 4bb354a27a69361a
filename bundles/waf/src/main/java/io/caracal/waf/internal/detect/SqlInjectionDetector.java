package io.caracal.waf.internal.detect;

/**
 * Detects SQL injection in one request value (the {@code @detectSQLi} operator).
 *
 * <p>The value is lexed as SQL in each context an injected value can land in: as-is (a numeric or
 * otherwise unquoted position), and right after the application's opening single or double quote, in
 * which case the input's first unescaped quote closes that string. Tokens are folded to a coarse
 * shape and judged by {@link SqlInjectionClassifier}.
 *
 * <p>Input is a byte string: each char is one byte (0-255). Linear in the input length, allocation
 * limited to a few small per-call buffers, no shared mutable state.
 */
public final class SqlInjectionDetector {

    /** Fingerprints longer than this are cut; they only identify the match in logs. */
    private static final int FINGERPRINT_LENGTH = 8;

    private SqlInjectionDetector() {
    }

    /**
     * Returns the fingerprint of the token sequence judged to be SQL injection, or null when the input
     * is not SQL injection in any context.
     */
    public static String fingerprint(String input) {
        if (input == null || input.isEmpty()) {
            return null;
        }
        String found = scan(input, '\0');
        if (found == null && input.indexOf('\'') >= 0) {
            found = scan(input, '\'');
        }
        if (found == null && input.indexOf('"') >= 0) {
            found = scan(input, '"');
        }
        return found;
    }

    /** Lexes, folds and classifies in one context; {@code quote == 0} means the as-is context. */
    static String scan(String input, char quote) {
        SqlTokens tokens = new SqlTokens();
        SqlLexer lexer = new SqlLexer(input);
        if (!openContext(lexer, quote, tokens)) {
            return null;
        }
        SqlFolder folder = new SqlFolder(lexer, input);
        // Most values are prose or plain data; the first token after the value already rules them out.
        folder.foldInto(tokens, tokens.size + 1);
        if (!SqlInjectionClassifier.canStartInjection(tokens)) {
            return null;
        }
        folder.foldInto(tokens);
        if (!SqlInjectionClassifier.isInjection(tokens)) {
            return null;
        }
        return tokens.fingerprint(FINGERPRINT_LENGTH);
    }

    /** Folded tokens in one context, or null when the input does not close the context's string. */
    static SqlTokens tokenize(String input, char quote) {
        SqlLexer lexer = new SqlLexer(input);
        SqlTokens tokens = new SqlTokens();
        if (!openContext(lexer, quote, tokens)) {
            return null;
        }
        new SqlFolder(lexer, input).foldInto(tokens);
        return tokens;
    }

    /** For a quoted context, adds the string the input closes as token 0; false if it never closes. */
    private static boolean openContext(SqlLexer lexer, char quote, SqlTokens tokens) {
        if (quote == '\0') {
            return true;
        }
        SqlToken context = new SqlToken();
        if (!lexer.readContextString(quote, context)) {
            return false;
        }
        tokens.add(context);
        tokens.quotedContext = true;
        return true;
    }
}
