package io.caracal.waf.internal.detect;

/**
 * Bit flags recording what a token (or a folded function call) is known to do.
 *
 * <p>Structure decides whether text is SQL; evidence decides how little structure is enough. A
 * comparison-free condition such as {@code 1 and sleep(5)} only counts because SLEEP delays the
 * response, which is the whole point of a time-based probe.
 */
final class SqlEvidence {

    /** Delays the response: SLEEP, BENCHMARK, PG_SLEEP, WAITFOR DELAY, DBMS_PIPE.RECEIVE_MESSAGE. */
    static final int TIME = 1;
    /** Raises an error that echoes data: EXTRACTVALUE, UPDATEXML, UTL_INADDR, spatial constructors. */
    static final int ERROR = 1 << 1;
    /** Reads or writes server files: LOAD_FILE, INTO OUTFILE, PG_READ_FILE, OPENROWSET. */
    static final int FILE = 1 << 2;
    /** Runs commands or dynamic SQL: XP_CMDSHELL, SP_EXECUTESQL, SYS_EXEC. */
    static final int EXEC = 1 << 3;
    /** Names a system catalogue: INFORMATION_SCHEMA, SYSOBJECTS, SQLITE_MASTER, PG_CATALOG. */
    static final int CATALOG = 1 << 4;
    /** Reveals server identity: VERSION(), USER(), @@VERSION, DB_NAME(). */
    static final int SYSTEM_INFO = 1 << 5;
    /** A SELECT appears inside the folded function call. */
    static final int SUBQUERY = 1 << 6;
    /** The word is a function the SQL dialects define (as opposed to any word followed by a paren). */
    static final int SQL_FUNCTION = 1 << 7;
    /** The folded call had no arguments, as in {@code version()} or {@code user()}. */
    static final int EMPTY_CALL = 1 << 8;

    /** Evidence that on its own shows intent; a benign value never needs these. */
    static final int STRONG = TIME | ERROR | FILE | EXEC | SUBQUERY;

    private SqlEvidence() {
    }

    static boolean isStrong(int evidence) {
        return (evidence & STRONG) != 0;
    }
}
