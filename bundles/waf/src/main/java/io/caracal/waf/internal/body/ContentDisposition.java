package io.caracal.waf.internal.body;

import java.util.function.Consumer;

/**
 * Parses a part's Content-Disposition value the way ModSecurity does: it must start with
 * "form-data" and may only carry "name" and "filename", once each (anything else, filename*
 * included, is an error: a backend might honour a parameter the WAF never looked at).
 * Values are tokens or quoted strings in which only the quote and '\' can be escaped.
 * Single quotes are accepted as quotes but raise INVALID_QUOTING, as does a ' inside a value.
 */
final class ContentDisposition {
    /** ModSecurity's negative result codes, which end up in the error message. */
    static final int NOT_FORM_DATA = -1;
    private static final int NO_SEMICOLON = -2;
    private static final int MISSING_PARAMETER = -3;
    private static final int NAME_WITHOUT_VALUE = -4;
    private static final int NAME_AT_END = -5;
    private static final int VALUE_MISSING = -6;
    private static final int QUOTE_AT_END = -7;
    private static final int ESCAPE_AT_END = -8;
    private static final int UNTERMINATED_QUOTE = -10;
    private static final int UNKNOWN_PARAMETER = -11;
    private static final int JUNK_AFTER_VALUE = -12;
    private static final int NO_EQUALS = -13;
    private static final int DUPLICATE_NAME = -14;
    private static final int DUPLICATE_FILENAME = -15;

    private final String value;
    private int pos;
    private String name;
    private String filename;
    private boolean invalidQuoting;
    private int quotedError;

    private ContentDisposition(String value) {
        this.value = value;
    }

    /**
     * Result of a parse; {@code code} is 1 when valid, otherwise ModSecurity's negative code.
     * name and filename are null when absent.
     */
    record Result(int code, String name, String filename, boolean invalidQuoting) {
        boolean valid() {
            return code > 0;
        }
    }

    /**
     * Parses {@code value}; every name and filename parameter met is also reported to the
     * listeners (MULTIPART_NAME / MULTIPART_FILENAME), even when the header later fails.
     */
    static Result parse(String value, Consumer<String> onName, Consumer<String> onFilename) {
        ContentDisposition parser = new ContentDisposition(value);
        int code = parser.run(onName, onFilename);
        return new Result(code, parser.name, parser.filename, parser.invalidQuoting);
    }

    private int run(Consumer<String> onName, Consumer<String> onFilename) {
        if (!value.startsWith("form-data")) {
            return NOT_FORM_DATA;
        }
        pos = "form-data".length();
        skipBlanks();
        if (atEnd()) {
            return 1;
        }
        if (current() != ';') {
            return NO_SEMICOLON;
        }
        pos++;
        while (!atEnd()) {
            skipBlanks();
            if (atEnd()) {
                return MISSING_PARAMETER;
            }
            int start = pos;
            while (!atEnd() && current() != '=' && !isBlank(current())) {
                pos++;
            }
            if (atEnd()) {
                return NAME_WITHOUT_VALUE;
            }
            String parameter = value.substring(start, pos);
            skipBlanks();
            if (atEnd()) {
                return NAME_AT_END;
            }
            if (current() != '=') {
                return NO_EQUALS;
            }
            pos++;
            skipBlanks();
            if (atEnd()) {
                return VALUE_MISSING;
            }
            String parameterValue;
            if (current() == '"' || current() == '\'') {
                parameterValue = readQuoted();
                if (parameterValue == null) {
                    return quotedError;
                }
            } else {
                start = pos;
                while (!atEnd() && isTokenChar(current())) {
                    pos++;
                }
                parameterValue = value.substring(start, pos);
            }
            if (parameter.equals("name")) {
                checkSingleQuotes(parameterValue);
                onName.accept(parameterValue);
                if (name != null) {
                    return DUPLICATE_NAME;
                }
                name = parameterValue;
            } else if (parameter.equals("filename")) {
                checkSingleQuotes(parameterValue);
                onFilename.accept(parameterValue);
                if (filename != null) {
                    return DUPLICATE_FILENAME;
                }
                filename = parameterValue;
            } else {
                return UNKNOWN_PARAMETER;
            }
            if (!atEnd()) {
                skipBlanks();
                if (atEnd()) {
                    return 1;
                }
                if (current() != ';') {
                    char previous = value.charAt(pos - 1);
                    if (previous == '"' || previous == '\'') {
                        invalidQuoting = true;
                    }
                    return JUNK_AFTER_VALUE;
                }
                pos++;
            }
        }
        return 1;
    }

    /** Reads a quoted value starting at the opening quote; null (with quotedError) on failure. */
    private String readQuoted() {
        char quote = current();
        if (quote == '\'') {
            invalidQuoting = true;
        }
        pos++;
        if (atEnd()) {
            quotedError = QUOTE_AT_END;
            return null;
        }
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = current();
            if (c == '\\') {
                if (pos + 1 >= value.length()) {
                    quotedError = ESCAPE_AT_END;
                    return null;
                }
                char next = value.charAt(pos + 1);
                if (next == quote || next == '\\') {
                    pos++; // keep only the escaped char; other backslashes stay (browsers send them)
                    c = next;
                }
            } else if (c == quote) {
                pos++;
                return out.toString();
            }
            out.append(c);
            pos++;
        }
        quotedError = UNTERMINATED_QUOTE;
        return null;
    }

    private void checkSingleQuotes(String parameterValue) {
        if (parameterValue.indexOf('\'') >= 0) {
            invalidQuoting = true;
        }
    }

    private boolean atEnd() {
        return pos >= value.length();
    }

    private char current() {
        return value.charAt(pos);
    }

    private void skipBlanks() {
        while (!atEnd() && isBlank(current())) {
            pos++;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 2045 token characters. */
    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }
}
