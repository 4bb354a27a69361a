package io.caracal.waf.internal.detect;

/** One lexer token; a mutable holder reused for the whole scan so lexing does not allocate. */
final class SqlToken {

    byte type;
    int start;
    int end;
    /** Keyword id from {@link SqlKeywords} for STATEMENT and KEYWORD tokens, else 0. */
    int id;
    /** {@link SqlEvidence} flags. */
    int evidence;
    /** For COMMENT: the comment carries no text, only filler such as {@code -- -} or {@code #}. */
    boolean bareComment;

    void set(byte type, int start, int end) {
        this.type = type;
        this.start = start;
        this.end = end;
        this.id = 0;
        this.evidence = 0;
        this.bareComment = false;
    }

    void copyFrom(SqlToken other) {
        type = other.type;
        start = other.start;
        end = other.end;
        id = other.id;
        evidence = other.evidence;
        bareComment = other.bareComment;
    }

    boolean is(byte type, int id) {
        return this.type == type && this.id == id;
    }
}
