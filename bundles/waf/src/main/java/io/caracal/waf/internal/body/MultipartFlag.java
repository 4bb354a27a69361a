package io.caracal.waf.internal.body;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ModSecurity's MULTIPART_* flag variables. {@code strict} marks the flags whose OR (together
 * with any multipart parsing error) makes MULTIPART_STRICT_ERROR, exactly as ModSecurity
 * computes it: UNMATCHED_BOUNDARY and CRLF_LF_LINES are reported but not part of it
 * (ModSecurity's recommended configuration checks UNMATCHED_BOUNDARY in its own rule).
 */
public enum MultipartFlag {
    UNMATCHED_BOUNDARY(false),
    BOUNDARY_QUOTED(true),
    BOUNDARY_WHITESPACE(true),
    DATA_BEFORE(true),
    DATA_AFTER(true),
    HEADER_FOLDING(true),
    LF_LINE(true),
    CRLF_LF_LINES(false),
    MISSING_SEMICOLON(true),
    INVALID_QUOTING(true),
    INVALID_PART(true),
    INVALID_HEADER_FOLDING(true),
    FILE_LIMIT_EXCEEDED(true);

    public static final String STRICT_ERROR = "MULTIPART_STRICT_ERROR";

    private final boolean strict;

    MultipartFlag(boolean strict) {
        this.strict = strict;
    }

    /** The variable name, e.g. "MULTIPART_LF_LINE". */
    public String variableName() {
        return "MULTIPART_" + name();
    }

    /** All flag variables with 0/1 values, MULTIPART_STRICT_ERROR first. */
    static Map<String, Integer> toVariables(Set<MultipartFlag> raised, boolean parseError) {
        boolean strictError = parseError;
        for (MultipartFlag flag : raised) {
            strictError |= flag.strict;
        }
        Map<String, Integer> variables = new LinkedHashMap<>();
        variables.put(STRICT_ERROR, strictError ? 1 : 0);
        for (MultipartFlag flag : values()) {
            variables.put(flag.variableName(), raised.contains(flag) ? 1 : 0);
        }
        return variables;
    }
}
