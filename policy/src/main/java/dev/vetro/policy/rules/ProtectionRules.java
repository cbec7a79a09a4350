package dev.vetro.policy.rules;

import static dev.vetro.policy.rules.Category.DATA_LOSS;
import static dev.vetro.policy.rules.Category.MIGRATION_LOCKING;
import static dev.vetro.policy.rules.Category.SCHEMA_CHANGE;
import static dev.vetro.policy.rules.Category.SECURITY;
import static dev.vetro.policy.rules.Severity.CRITICAL;
import static dev.vetro.policy.rules.Severity.HIGH;
import static dev.vetro.policy.rules.Severity.MEDIUM;

/**
 * The rules of protection by construction (issue 11): every statement kind, DROP object class,
 * identity and protection setting, secret catalog and function body has a verdict, so nothing is
 * allowed because nobody named it. Codes continue the catalog's numbering from VETRO-092.
 */
final class ProtectionRules {

  private ProtectionRules() {}

  static void register() {
    RuleCatalog.add(
        RuleCodes.UNCLASSIFIED_KIND,
        "Statement kind without a verdict",
        CRITICAL,
        SECURITY,
        "Every PostgreSQL statement kind and DROP object class has an explicit verdict; one that "
            + "has none (a kind a new PostgreSQL release adds) is blocked rather than allowed unseen.",
        "DROP FUTURE THING x",
        "DROP VIEW v",
        "DropStmt > RemoveType = FUTURE",
        "Report the statement kind so it gets a verdict; run it meanwhile as a role with an exception.");
    RuleCatalog.add(
        RuleCodes.DROP_CASCADE,
        "DROP … CASCADE",
        CRITICAL,
        DATA_LOSS,
        "CASCADE drops every dependent object too: views, foreign keys, columns of other tables "
            + "typed with a dropped type, whole tables of a dropped extension.",
        "DROP TYPE mood CASCADE",
        "DROP TYPE mood",
        "DropStmt > RemoveType = TYPE > Behavior = CASCADE",
        "Drop the dependants explicitly, one reviewed statement each, then drop the object without CASCADE.");
    RuleCatalog.add(
        RuleCodes.DROP_OR_REASSIGN_OWNED,
        "DROP OWNED or REASSIGN OWNED",
        CRITICAL,
        DATA_LOSS,
        "DROP OWNED drops every object a role owns in the database (tables included); REASSIGN "
            + "OWNED hands all of them to another role.",
        "DROP OWNED BY app CASCADE",
        "DROP ROLE IF EXISTS",
        "DropOwnedStmt",
        "Name the objects to drop or re-own; run role clean-up as an administrator.");
    RuleCatalog.add(
        RuleCodes.DROP_DATA_OBJECT,
        "DROP of another object that holds data",
        HIGH,
        DATA_LOSS,
        "Materialized views, sequences (their position), foreign tables (their mapping), "
            + "tablespaces and detached partitions take data or its location with them.",
        "DROP MATERIALIZED VIEW sales_summary",
        "DROP MATERIALIZED VIEW pg_temp.scratch",
        "DropStmt > RemoveType = MATVIEW",
        "Drop data-holding objects from a reviewed migration with a fresh backup.");
    RuleCatalog.add(
        RuleCodes.DROP_DEPENDED_ON_OBJECT,
        "DROP of an object others depend on",
        MEDIUM,
        SCHEMA_CHANGE,
        "Views, functions, types, extensions, triggers and the like are used by queries, "
            + "application code and other objects; dropping one breaks them.",
        "DROP VIEW order_totals",
        "CREATE VIEW order_totals AS SELECT 1",
        "DropStmt > RemoveType = VIEW",
        "Check nothing uses the object any more, then drop it from a reviewed migration.");
    RuleCatalog.add(
        RuleCodes.ACCESS_CONTROL_REMOVED,
        "Role or row level security policy dropped or changed",
        HIGH,
        SECURITY,
        "Dropping roles or policies, or altering a policy, changes who can see and change which "
            + "rows; a dropped policy can open a table to everyone the remaining ones allow.",
        "DROP ROLE app",
        "CREATE ROLE app2",
        "DropRoleStmt",
        "Manage roles and policies through reviewed migrations, as an administrator.");
    RuleCatalog.add(
        RuleCodes.IDENTITY_CHANGE,
        "Identity change (SET ROLE, SET SESSION AUTHORIZATION)",
        HIGH,
        SECURITY,
        "Acting as another role steps around role exceptions keyed on the login user and lets a "
            + "session (or an agent) become someone else.",
        "SET ROLE admin",
        "SET search_path = app",
        "VariableSetStmt > Name = role",
        "Connect as the role that should run the statements; give it an exception if it needs one.");
    RuleCatalog.add(
        RuleCodes.IDENTITY_RESET,
        "Identity reset (RESET ROLE, SET ROLE NONE)",
        MEDIUM,
        SECURITY,
        "Returns the session to its login identity; harmless on its own, but part of switching "
            + "identities, which the policy decides.",
        "RESET ROLE",
        "RESET statement_timeout",
        "VariableSetStmt > Reset(role)",
        "Keep one identity per connection.");
    RuleCatalog.add(
        RuleCodes.PROTECTION_SETTING_OFF,
        "Setting that switches a protection off",
        HIGH,
        SECURITY,
        "session_replication_role = replica skips triggers and foreign keys; row_security = off, "
            + "read-only off, zero timeouts for a role or database, DISABLE RULE and SET UNLOGGED "
            + "(no crash safety, no replication) each remove a guard the database relies on.",
        "SET session_replication_role = replica",
        "SET session_replication_role = origin",
        "VariableSetStmt > Name = session_replication_role",
        "Leave the protection on; a bulk load that needs it off belongs in a reviewed, supervised job.");
    RuleCatalog.add(
        RuleCodes.ROLE_OR_DATABASE_SETTING,
        "Default setting of a role or database changed",
        MEDIUM,
        SCHEMA_CHANGE,
        "ALTER ROLE/DATABASE … SET changes what every later session of that role or database "
            + "starts with.",
        "ALTER ROLE app SET work_mem = '1GB'",
        "SET work_mem = '64MB'",
        "AlterRoleSetStmt",
        "Change role and database defaults through reviewed configuration management.");
    RuleCatalog.add(
        RuleCodes.SECRET_CATALOG_READ,
        "Read of a catalog relation that holds secrets",
        HIGH,
        SECURITY,
        "pg_authid and pg_shadow hold password hashes, pg_user_mapping(s) stored credentials for "
            + "other servers, pg_hba_file_rules and pg_file_settings the server's access setup.",
        "SELECT rolpassword FROM pg_authid",
        "SELECT rolname FROM pg_roles",
        "RangeVar(pg_authid)",
        "Read pg_roles / pg_user (which mask secrets); audit credentials as an administrator.");
    RuleCatalog.add(
        RuleCodes.UNREADABLE_FUNCTION_BODY,
        "Function body the firewall cannot read",
        HIGH,
        SECURITY,
        "EXECUTE of a built string, or a body in a language other than SQL and PL/pgSQL, runs "
            + "statements nobody judged when the function is called.",
        "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'DELETE FROM ' || t; END $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CreateFunctionStmt > Body > DynamicSql",
        "Use static SQL in functions, or ship them through a reviewed migration.");
    RuleCatalog.add(
        RuleCodes.FUNCTION_BODY_NOT_FULLY_READ,
        "Function body statement not fully read",
        MEDIUM,
        SECURITY,
        "A statement in a function body that the analysis could not parse; the lexer-level "
            + "findings still apply, but a reviewer should look at it.",
        null,
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CreateFunctionStmt > Body > ParseError",
        "Rewrite the body statement in plain SQL, or report the parser gap.");
    RuleCatalog.add(
        RuleCodes.SERVER_ADMINISTRATION,
        "Server or cluster administration",
        MEDIUM,
        SECURITY,
        "Roles, databases, tablespaces, extensions, languages, event triggers, replication and "
            + "connections to other servers are administered for the whole server, not by "
            + "applications.",
        "CHECKPOINT",
        "SELECT 1",
        "CheckPointStmt",
        "Administer the server out of band, as an administrator.");
    RuleCatalog.add(
        RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
        "ACCESS EXCLUSIVE lock with a rewrite or a full scan",
        MEDIUM,
        MIGRATION_LOCKING,
        "The statement blocks every read and write of the table for as long as it rewrites or "
            + "scans it (VACUUM FULL, CLUSTER, LOCK … ACCESS EXCLUSIVE, REFRESH MATERIALIZED "
            + "VIEW, column type changes …).",
        "VACUUM FULL orders",
        "VACUUM orders",
        "VacuumStmt > Option(FULL) > Lock(ACCESS EXCLUSIVE)",
        "Use the online form (CONCURRENTLY, pg_repack, NOT VALID then VALIDATE) or a maintenance window.");
    RuleCatalog.add(
        RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT,
        "Migration DDL without a lock_timeout set earlier in the file",
        MEDIUM,
        MIGRATION_LOCKING,
        "A DDL statement waiting for its table lock behind a long transaction makes every later "
            + "query on the table queue behind it. Flagged once per file, at the first DDL on an "
            + "existing table with no non-zero lock_timeout set before it (vetro check only: a "
            + "file-level rule).",
        null,
        null,
        "File > LockTimeout = NULL",
        "Start the migration with SET lock_timeout = '5s' (and retry on timeout).");
  }
}
