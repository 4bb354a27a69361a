package io.caracal.waf.internal.detect;

import static io.caracal.waf.internal.detect.SqlEvidence.CATALOG;
import static io.caracal.waf.internal.detect.SqlEvidence.ERROR;
import static io.caracal.waf.internal.detect.SqlEvidence.EXEC;
import static io.caracal.waf.internal.detect.SqlEvidence.FILE;
import static io.caracal.waf.internal.detect.SqlEvidence.SQL_FUNCTION;
import static io.caracal.waf.internal.detect.SqlEvidence.SYSTEM_INFO;
import static io.caracal.waf.internal.detect.SqlEvidence.TIME;

import java.util.HashMap;
import java.util.Map;

/**
 * Vocabulary of the SQL lexer: which words are operators, clauses, statements or notable functions.
 *
 * <p>A lookup yields a packed int: token type in bits 0-7, keyword id in bits 8-15 and
 * {@link SqlEvidence} flags from bit 16. Words that are absent are plain identifiers.
 *
 * <p>The lists cover MySQL/MariaDB, SQL Server, Oracle, PostgreSQL and SQLite. They only need the
 * words an injection uses to change a query's structure or to extract, delay or execute; ordinary
 * column-level functions are listed so that {@code word(} can be told apart from prose like
 * {@code item(s)}.
 */
final class SqlKeywords {

    // Statement ids (type STATEMENT).
    static final int SELECT = 1;
    static final int INSERT = 2;
    static final int UPDATE = 3;
    static final int DELETE = 4;
    /** DROP, CREATE, ALTER, TRUNCATE, RENAME: operate on a schema object named next. */
    static final int DDL = 5;
    /** EXEC, EXECUTE, CALL, DO: run a procedure or dynamic SQL. */
    static final int EXECUTE = 6;
    static final int DECLARE = 7;
    static final int SHUTDOWN = 8;
    static final int WAITFOR = 9;
    /** T-SQL IF statement; as IF( it is a function instead. */
    static final int IF = 10;
    /** GRANT, REVOKE: privileges ON an object. */
    static final int GRANT = 11;
    /** PostgreSQL COPY table|query TO/FROM file or PROGRAM. */
    static final int COPY = 12;
    /** KILL, BACKUP, DBCC, HANDLER, PREPARE ... */
    static final int OTHER_STATEMENT = 13;

    // Keyword ids (type KEYWORD).
    static final int FROM = 1;
    static final int WHERE = 2;
    static final int INTO = 3;
    /** INTO OUTFILE / INTO DUMPFILE after folding, or the bare words OUTFILE / DUMPFILE. */
    static final int OUTFILE = 4;
    /** TABLE, DATABASE, SCHEMA, VIEW ...: the object a DDL statement acts on. */
    static final int SCHEMA_OBJECT = 5;
    static final int SET = 6;
    static final int VALUES = 7;
    static final int ORDER = 8;
    static final int GROUP = 9;
    static final int BY = 10;
    static final int ORDER_BY = 11;
    static final int GROUP_BY = 12;
    static final int HAVING = 13;
    static final int LIMIT = 14;
    static final int PROCEDURE = 15;
    static final int ANALYSE = 16;
    static final int PROCEDURE_ANALYSE = 17;
    static final int AS = 18;
    static final int DELAY = 19;
    /** DISTINCT, ALL, TOP, SQL_NO_CACHE ...: modifiers that may follow SELECT or UNION. */
    static final int SELECT_MODIFIER = 20;
    static final int CASE = 21;
    static final int WHEN = 22;
    static final int END = 23;
    static final int ON = 24;
    static final int TO = 25;
    static final int OTHER_KEYWORD = 26;

    private static final NameTable TABLE;

    static {
        Map<String, Integer> m = new HashMap<>();

        for (String w : new String[] {"and", "or", "xor"}) {
            put(m, w, SqlTokenType.LOGIC, 0, 0);
        }
        put(m, "not", SqlTokenType.NOT, 0, 0);
        for (String w : new String[] {"like", "rlike", "ilike", "regexp", "is", "in", "between", "sounds",
            "glob", "similar"}) {
            put(m, w, SqlTokenType.PREDICATE, 0, 0);
        }
        for (String w : new String[] {"div", "mod"}) {
            put(m, w, SqlTokenType.ARITHMETIC, 0, 0);
        }
        for (String w : new String[] {"union", "except", "intersect", "minus"}) {
            put(m, w, SqlTokenType.SET_OPERATOR, 0, 0);
        }
        for (String w : new String[] {"null", "true", "false"}) {
            put(m, w, SqlTokenType.NUMBER, 0, 0);
        }
        for (String w : new String[] {"current_user", "session_user", "system_user", "current_date",
            "current_time", "current_timestamp", "localtimestamp"}) {
            put(m, w, SqlTokenType.NUMBER, 0, SYSTEM_INFO);
        }

        statement(m, SELECT, "select");
        statement(m, INSERT, "insert");
        statement(m, UPDATE, "update");
        statement(m, DELETE, "delete");
        statement(m, DDL, "drop", "create", "alter", "truncate", "rename");
        statement(m, EXECUTE, "exec", "execute", "call", "do");
        statement(m, DECLARE, "declare");
        statement(m, SHUTDOWN, "shutdown");
        statement(m, WAITFOR, "waitfor");
        statement(m, IF, "if");
        statement(m, GRANT, "grant", "revoke");
        statement(m, COPY, "copy");
        statement(m, OTHER_STATEMENT, "kill", "backup", "restore", "dbcc", "handler",
            "prepare", "deallocate", "merge");

        keyword(m, FROM, "from");
        keyword(m, WHERE, "where");
        keyword(m, INTO, "into");
        keyword(m, OUTFILE, "outfile", "dumpfile");
        keyword(m, SCHEMA_OBJECT, "table", "database", "schema", "view", "index", "trigger", "function",
            "login", "event", "tablespace", "user");
        keyword(m, SET, "set");
        keyword(m, VALUES, "values");
        keyword(m, ORDER, "order");
        keyword(m, GROUP, "group");
        keyword(m, BY, "by");
        keyword(m, HAVING, "having");
        keyword(m, LIMIT, "limit", "offset", "fetch");
        keyword(m, PROCEDURE, "procedure");
        keyword(m, ANALYSE, "analyse", "analyze");
        keyword(m, AS, "as");
        keyword(m, DELAY, "delay");
        keyword(m, SELECT_MODIFIER, "distinct", "all", "top", "distinctrow", "sql_no_cache",
            "sql_calc_found_rows", "straight_join", "high_priority");
        keyword(m, CASE, "case");
        keyword(m, WHEN, "when");
        keyword(m, END, "end");
        keyword(m, ON, "on");
        keyword(m, TO, "to");
        keyword(m, OTHER_KEYWORD, "then", "else", "join", "asc", "desc", "collate", "escape",
            "nowait", "exists");

        // Functions and procedures whose mere presence says what the payload is for.
        function(m, TIME, "sleep", "benchmark", "pg_sleep", "pg_sleep_for", "pg_sleep_until",
            "dbms_lock.sleep", "dbms_pipe.receive_message", "dbms_session.sleep", "randomblob",
            "get_lock");
        function(m, ERROR, "extractvalue", "updatexml", "geometrycollection", "multipoint", "polygon",
            "multipolygon", "linestring", "multilinestring", "name_const", "gtid_subset", "gtid_subtract",
            "st_latfromgeohash", "st_longfromgeohash", "st_pointfromgeohash", "utl_inaddr.get_host_address",
            "utl_inaddr.get_host_name", "ctxsys.drithsx.sn", "dbms_xdb_version.checkin",
            "dbms_utility.sqlid_to_sqlhash", "xmltype");
        function(m, FILE, "load_file", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "lo_import",
            "lo_export", "openrowset", "opendatasource", "utl_file.fopen", "readfile", "writefile");
        function(m, EXEC, "xp_cmdshell", "xp_regread", "xp_regwrite", "xp_dirtree", "xp_fileexist",
            "xp_servicecontrol", "xp_availablemedia", "sp_executesql", "sp_oacreate", "sp_oamethod",
            "sp_configure", "sp_makewebtask", "sp_addlogin", "sp_addsrvrolemember", "sp_password",
            "sys_exec", "sys_eval", "utl_http.request", "dbms_ldap.init", "httpuritype",
            "dbms_java.runjava", "load_extension");
        function(m, SYSTEM_INFO, "version", "database", "schema_name", "current_database",
            "current_schema", "db_name", "user_name", "suser_name", "suser_sname", "host_name",
            "sqlite_version", "connection_id", "is_srvrolemember", "is_member", "has_dbaccess",
            "pg_backend_pid", "inet_server_addr", "sys_context", "object_name", "object_id");
        function(m, 0, "ascii", "ord", "char", "chr", "nchar", "unicode", "concat", "concat_ws",
            "group_concat", "string_agg", "listagg", "substring", "substr", "mid", "left", "right",
            "length", "len", "char_length", "character_length", "datalength", "lower", "upper", "lcase",
            "ucase", "hex", "unhex", "bin", "conv", "cast", "convert", "coalesce", "ifnull", "isnull",
            "nullif", "nvl", "iif", "count", "sum", "min", "max", "avg", "floor", "ceil", "ceiling",
            "round", "rand", "random", "abs", "pow", "power", "exp", "ln", "log", "sqrt", "md5", "sha",
            "sha1", "sha2", "crc32", "now", "sysdate", "curdate", "getdate", "instr", "locate",
            "position", "strcmp", "replace", "reverse", "trim", "ltrim", "rtrim", "lpad", "rpad",
            "repeat", "space", "elt", "field", "find_in_set", "make_set", "export_set", "quote",
            "soundex", "row", "regexp_substr", "regexp_like", "json_extract", "json_keys", "to_char",
            "to_number", "decode", "encode", "char_length", "octet_length", "bit_length", "unistr",
            "compress", "uncompress", "aes_decrypt", "aes_encrypt", "from_base64", "to_base64",
            "schema", "user", "system_user", "session_user", "current_user", "exists", "typeof",
            "zeroblob", "printf", "quotename", "stuff", "patindex", "charindex", "substring_index",
            "cast_to_varchar2", "utl_raw.cast_to_varchar2", "rawtohex", "xmlagg", "xmlelement",
            "array_agg", "pg_typeof", "query_to_xml", "lo_get", "current_setting", "inet_client_addr");

        // Catalogue names: not functions, but a query that reaches them is enumerating the schema.
        for (String w : new String[] {"information_schema", "sysobjects", "syscolumns", "sysusers",
            "sysdatabases", "sys", "master", "msdb", "tempdb", "mysql", "performance_schema",
            "pg_catalog", "pg_tables", "pg_user", "pg_shadow", "pg_database", "sqlite_master",
            "sqlite_schema", "sqlite_temp_master", "all_tables", "all_tab_columns", "user_tables",
            "dba_tables", "dba_users", "msysobjects", "msysaccessobjects", "v$version", "dual"}) {
            putIfAbsent(m, w, SqlTokenType.WORD, 0, CATALOG);
        }
        // Words that are keywords alone but functions when an argument list follows: USER(), IF(), EXISTS(.
        dualRole(m, "user", SYSTEM_INFO);
        dualRole(m, "database", SYSTEM_INFO);
        dualRole(m, "schema", SYSTEM_INFO);
        dualRole(m, "if", 0);
        dualRole(m, "exists", 0);
        dualRole(m, "left", 0);
        dualRole(m, "right", 0);
        dualRole(m, "mod", 0);
        TABLE = new NameTable(m, true);
    }

    private SqlKeywords() {
    }

    /** Packed classification of {@code s[start, end)}, or {@link NameTable#MISSING} for plain words. */
    static int lookup(String s, int start, int end) {
        return TABLE.get(s, start, end);
    }

    static byte type(int packed) {
        return (byte) (packed & 0xff);
    }

    static int id(int packed) {
        return (packed >>> 8) & 0xff;
    }

    static int evidence(int packed) {
        return packed >>> 16;
    }

    private static void statement(Map<String, Integer> m, int id, String... words) {
        for (String w : words) {
            put(m, w, SqlTokenType.STATEMENT, id, 0);
        }
    }

    private static void keyword(Map<String, Integer> m, int id, String... words) {
        for (String w : words) {
            put(m, w, SqlTokenType.KEYWORD, id, 0);
        }
    }

    /** Functions are identifiers until the lexer sees their argument list. */
    private static void function(Map<String, Integer> m, int evidence, String... words) {
        for (String w : words) {
            putIfAbsent(m, w, SqlTokenType.WORD, 0, evidence | SQL_FUNCTION);
        }
    }

    private static void dualRole(Map<String, Integer> m, String word, int evidence) {
        Integer packed = m.get(word);
        int base = packed == null ? SqlTokenType.WORD : packed;
        m.put(word, base | ((evidence | SQL_FUNCTION) << 16));
    }

    private static void put(Map<String, Integer> m, String word, byte type, int id, int evidence) {
        m.put(word, type | (id << 8) | (evidence << 16));
    }

    private static void putIfAbsent(Map<String, Integer> m, String word, byte type, int id, int evidence) {
        if (!m.containsKey(word)) {
            put(m, word, type, id, evidence);
        }
    }
}
