package dev.vetro.policy.kinds;

import static dev.vetro.policy.kinds.StatementEffect.PRIVILEGE;
import static dev.vetro.policy.kinds.StatementEffect.READ;
import static dev.vetro.policy.kinds.StatementEffect.SCHEMA;
import static dev.vetro.policy.kinds.StatementEffect.SERVER;
import static dev.vetro.policy.kinds.StatementEffect.SESSION;
import static dev.vetro.policy.kinds.StatementEffect.WRITE;

import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCodes;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The total table: every raw-statement kind PostgreSQL 15–17's grammar builds (gram.y's {@code
 * stmt} alternatives, resolved to the node types they produce) with its effect and default rule. A
 * kind absent from this table is never allowed: the engine reports {@link
 * RuleCodes#UNCLASSIFIED_KIND} for it, so a statement kind nobody thought of, or one a new
 * PostgreSQL release adds, is blocked until someone gives it a verdict here.
 *
 * <p>A null default rule means the kind's content is judged instead (by the grammar or AST rules
 * named in the reason); a kind whose every statement deserves a review has a default rule that
 * fires on top of whatever the content rules find.
 */
public final class KindVerdicts {

  private static final Map<String, KindVerdict> TABLE = new HashMap<>();

  private static void judged(String kind, StatementEffect effect, String reason) {
    put(new KindVerdict(kind, effect, null, reason));
  }

  private static void rule(String kind, StatementEffect effect, String code, String reason) {
    put(new KindVerdict(kind, effect, code, reason));
  }

  private static void put(KindVerdict v) {
    if (TABLE.put(v.kind(), v) != null) {
      throw new IllegalStateException("two verdicts for " + v.kind());
    }
  }

  static {
    // reads
    judged("SelectStmt", READ, "AST rules: tautologies, data-modifying CTEs, SELECT INTO, calls");
    judged("VariableShowStmt", READ, "shows a setting");
    judged("FetchStmt", READ, "reads from a cursor whose query was judged at DECLARE");
    judged("ExplainStmt", READ, "the explained statement is judged (it runs under ANALYZE)");
    // session
    judged("VariableSetStmt", SESSION, "judged per setting: identity and protection settings");
    judged("ConstraintsSetStmt", SESSION, "defers constraint checks to commit; they still run");
    judged("TransactionStmt", SESSION, "transaction control");
    judged("DeclareCursorStmt", SESSION, "the cursor's query is judged");
    judged("ClosePortalStmt", SESSION, "closes a cursor");
    judged("PrepareStmt", SESSION, "the prepared statement is judged at PREPARE");
    judged("ExecuteStmt", SESSION, "runs a statement already judged at PREPARE");
    judged("DeallocateStmt", SESSION, "drops a prepared statement");
    judged("DiscardStmt", SESSION, "resets this session's state");
    judged("ListenStmt", SESSION, "subscribes to notifications");
    judged("UnlistenStmt", SESSION, "unsubscribes from notifications");
    judged("NotifyStmt", SESSION, "sends a notification; it changes no data");
    judged("LockStmt", SESSION, "judged by lock mode: ACCESS EXCLUSIVE is flagged");
    // data
    judged("InsertStmt", WRITE, "AST rules: unfiltered INSERT … SELECT, row counts, columns");
    judged("UpdateStmt", WRITE, "AST rules: missing or always-true WHERE");
    judged("DeleteStmt", WRITE, "AST rules: missing or always-true WHERE");
    rule("MergeStmt", WRITE, RuleCodes.MERGE, "inserts, updates and deletes in one statement");
    judged("CopyStmt", WRITE, "judged by target: PROGRAM and server files are rules");
    rule("TruncateStmt", WRITE, RuleCodes.TRUNCATE, "empties tables");
    rule("DoStmt", WRITE, RuleCodes.DO_BLOCK, "runs code the firewall cannot see");
    judged("CallStmt", WRITE, "runs a procedure whose body was judged at CREATE");
    judged("VacuumStmt", WRITE, "judged by lock: VACUUM FULL rewrites under ACCESS EXCLUSIVE");
    rule(
        "ClusterStmt",
        WRITE,
        RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
        "rewrites the table under ACCESS EXCLUSIVE");
    judged("ReindexStmt", WRITE, "judged by lock: without CONCURRENTLY it blocks writes");
    judged("RefreshMatViewStmt", WRITE, "judged by lock: without CONCURRENTLY it blocks reads");
    rule("CheckPointStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "forces an I/O spike");
    rule("LoadStmt", SERVER, RuleCodes.SERVER_REACH, "loads a server library");
    // schema: objects that hold data or that code depends on
    judged("CreateStmt", SCHEMA, "adds a table");
    judged(
        "CreateTableAsStmt",
        SCHEMA,
        "CREATE TABLE AS and SELECT INTO are a rule; materialized views are judged by their query");
    judged("ViewStmt", SCHEMA, "the view's query is judged");
    judged("IndexStmt", SCHEMA, "judged by lock: without CONCURRENTLY it blocks writes");
    judged("AlterTableStmt", SCHEMA, "judged per subcommand (AlterTableGrammar)");
    judged("AlterTableMoveAllStmt", SCHEMA, "judged by lock: moves every table, rewriting them");
    judged("RenameStmt", SCHEMA, "renames of tables and columns are a rule");
    judged("AlterObjectSchemaStmt", SCHEMA, "moves an object between schemas");
    judged("DropStmt", SCHEMA, "judged per object class (DropGrammar)");
    judged("CreateSchemaStmt", SCHEMA, "its schema elements are judged");
    judged("CreateSeqStmt", SCHEMA, "adds a sequence");
    judged("AlterSeqStmt", SCHEMA, "changes a sequence");
    judged("CreateDomainStmt", SCHEMA, "adds a domain");
    judged("AlterDomainStmt", SCHEMA, "changes a domain's constraints or default");
    judged("DefineStmt", SCHEMA, "adds an aggregate, operator, type, collation or TS object");
    judged("CompositeTypeStmt", SCHEMA, "adds a composite type");
    judged("CreateEnumStmt", SCHEMA, "adds an enum type");
    judged("CreateRangeStmt", SCHEMA, "adds a range type");
    judged("AlterEnumStmt", SCHEMA, "adds or renames an enum value");
    judged("AlterTypeStmt", SCHEMA, "changes a type's properties");
    judged("CreateCastStmt", SCHEMA, "adds a cast");
    judged("CreateConversionStmt", SCHEMA, "adds an encoding conversion");
    judged("CreateOpClassStmt", SCHEMA, "adds an operator class");
    judged("CreateOpFamilyStmt", SCHEMA, "adds an operator family");
    judged("AlterOpFamilyStmt", SCHEMA, "changes an operator family");
    judged("AlterOperatorStmt", SCHEMA, "changes an operator's properties");
    judged("CreateStatsStmt", SCHEMA, "adds extended statistics");
    judged("AlterStatsStmt", SCHEMA, "changes a statistics target");
    judged("AlterCollationStmt", SCHEMA, "refreshes a collation version");
    judged("CreateTransformStmt", SCHEMA, "adds a type transform for a language");
    judged("AlterTSConfigurationStmt", SCHEMA, "changes a text search configuration");
    judged("AlterTSDictionaryStmt", SCHEMA, "changes a text search dictionary");
    judged("CreateFunctionStmt", SCHEMA, "its body is read and judged statement by statement");
    judged("AlterFunctionStmt", SCHEMA, "changes a function's properties");
    judged("CreateTrigStmt", SCHEMA, "runs a function whose body was judged at CREATE");
    judged("RuleStmt", SCHEMA, "the rule's actions are judged");
    judged("CommentStmt", SCHEMA, "sets a comment");
    judged("AlterObjectDependsStmt", SCHEMA, "marks an object as depending on an extension");
    judged("CreateForeignTableStmt", SCHEMA, "adds a foreign table");
    judged("ImportForeignSchemaStmt", SCHEMA, "adds foreign tables");
    judged("CreateAssertionStmt", SCHEMA, "the server rejects it (not implemented)");
    // privileges and access
    rule("GrantStmt", PRIVILEGE, RuleCodes.GRANT_REVOKE, "changes who may read or change data");
    rule("GrantRoleStmt", PRIVILEGE, RuleCodes.GRANT_REVOKE, "changes role membership");
    rule(
        "AlterDefaultPrivilegesStmt",
        PRIVILEGE,
        RuleCodes.GRANT_REVOKE,
        "changes the privileges of objects not yet created");
    rule(
        "AlterOwnerStmt",
        PRIVILEGE,
        RuleCodes.GRANT_REVOKE,
        "hands every privilege on the object to another role");
    judged("CreatePolicyStmt", PRIVILEGE, "a row level security policy; USING (true) is a rule");
    rule(
        "AlterPolicyStmt",
        PRIVILEGE,
        RuleCodes.ACCESS_CONTROL_REMOVED,
        "can widen what a row level security policy lets through");
    rule("DropRoleStmt", PRIVILEGE, RuleCodes.ACCESS_CONTROL_REMOVED, "drops roles");
    rule(
        "DropOwnedStmt",
        PRIVILEGE,
        RuleCodes.DROP_OR_REASSIGN_OWNED,
        "drops every object a role owns, in this database");
    rule(
        "ReassignOwnedStmt",
        PRIVILEGE,
        RuleCodes.DROP_OR_REASSIGN_OWNED,
        "hands every object a role owns to another role");
    rule(
        "SecLabelStmt",
        PRIVILEGE,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes a mandatory access control label");
    // server and cluster
    rule("CreateRoleStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "adds a cluster-wide role");
    rule("AlterRoleStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "changes a cluster-wide role");
    rule(
        "AlterRoleSetStmt",
        SERVER,
        RuleCodes.ROLE_OR_DATABASE_SETTING,
        "changes the settings every session of a role starts with");
    rule(
        "AlterDatabaseSetStmt",
        SERVER,
        RuleCodes.ROLE_OR_DATABASE_SETTING,
        "changes the settings every session of a database starts with");
    rule("AlterSystemStmt", SERVER, RuleCodes.ROLE_ESCALATION, "rewrites server configuration");
    rule("CreatedbStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "adds a database");
    rule("AlterDatabaseStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "changes a database");
    rule(
        "AlterDatabaseRefreshCollStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "records a new collation version for a database");
    rule("DropdbStmt", SERVER, RuleCodes.DROP_TABLE_OR_DATABASE, "drops a database");
    rule("CreateTableSpaceStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "adds a tablespace");
    rule(
        "AlterTableSpaceOptionsStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes a tablespace");
    rule(
        "DropTableSpaceStmt",
        SERVER,
        RuleCodes.DROP_DATA_OBJECT,
        "drops a tablespace (it must be empty)");
    rule(
        "CreateSubscriptionStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "connects to another server and replicates from it");
    rule(
        "AlterSubscriptionStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes a replication subscription");
    rule(
        "DropSubscriptionStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "stops replication and drops the remote slot");
    rule(
        "CreatePublicationStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "publishes tables to subscribers");
    rule(
        "AlterPublicationStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes what is published");
    rule(
        "CreateExtensionStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "installs code into the database");
    rule("AlterExtensionStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "updates an extension");
    rule(
        "AlterExtensionContentsStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes what an extension owns");
    rule(
        "CreatePLangStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "installs a procedural language");
    rule("CreateAmStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "installs an access method");
    rule(
        "CreateEventTrigStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "runs a function on every DDL statement");
    rule(
        "AlterEventTrigStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "enables or disables an event trigger");
    rule("CreateFdwStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "adds a foreign-data wrapper");
    rule("AlterFdwStmt", SERVER, RuleCodes.SERVER_ADMINISTRATION, "changes a foreign-data wrapper");
    rule(
        "CreateForeignServerStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "adds a connection to another server");
    rule(
        "AlterForeignServerStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes a connection to another server");
    rule(
        "CreateUserMappingStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "stores credentials for another server");
    rule(
        "AlterUserMappingStmt",
        SERVER,
        RuleCodes.SERVER_ADMINISTRATION,
        "changes credentials for another server");
    judged("DropUserMappingStmt", SERVER, "removes stored credentials; nothing else is lost");
  }

  private KindVerdicts() {}

  /**
   * Adds what the kind itself decides to a statement's findings: its default rule (unless a content
   * rule already reported that code), or {@link RuleCodes#UNCLASSIFIED_KIND} when the kind has no
   * verdict. Runs once per analysed statement (its result is cached with the analysis).
   */
  public static void judge(String kind, List<Finding> findings) {
    KindVerdict v = TABLE.get(kind);
    if (v == null) {
      findings.add(
          Finding.of(RuleCodes.UNCLASSIFIED_KIND, kind, "no verdict for statement kind " + kind));
      return;
    }
    String code = v.defaultRule();
    if (code == null) {
      return;
    }
    for (int i = 0; i < findings.size(); i++) {
      if (findings.get(i).code().equals(code)) {
        return;
      }
    }
    findings.add(Finding.of(code, kind, v.reason()));
  }

  /** The verdict for a kind, or null when the kind has none (the engine then blocks it). */
  public static KindVerdict of(String kind) {
    return TABLE.get(kind);
  }

  public static Collection<KindVerdict> all() {
    return TABLE.values();
  }
}
