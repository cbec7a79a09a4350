package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.locks.LockMode;
import dev.vetro.policy.rules.RuleCodes;
import java.util.List;
import java.util.Map;

/**
 * Exact grammars for CREATE INDEX, role statements, ALTER SYSTEM, GRANT/REVOKE and the recognisers
 * for DDL no rule inspects. ALTER TABLE and DROP have their own files ({@link AlterTableGrammar},
 * {@link DropGrammar}).
 */
final class DdlGrammar {

  private DdlGrammar() {}

  /** CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table … */
  static Exact createIndex(TokenCursor c) {
    c.advance();
    c.accept("unique");
    if (!c.accept("index")) {
      return null;
    }
    Exact e = new Exact("IndexStmt");
    boolean concurrently = c.accept("concurrently");
    c.acceptAll("if", "not", "exists");
    if (!c.isWord("on")) {
      if (c.qualifiedName() == null) {
        return null;
      }
    }
    if (!c.accept("on")) {
      return null;
    }
    c.accept("only");
    String table = c.qualifiedName();
    if (table == null || !c.restIsBalanced()) {
      return null;
    }
    e.lock(
        table,
        concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE,
        false,
        true); // the build reads the whole table
    if (concurrently) {
      e.concurrently = true;
    } else {
      e.findings.add(
          new dev.vetro.policy.rules.Finding(
              RuleCodes.CREATE_INDEX_NOT_CONCURRENTLY,
              "IndexStmt > Concurrent = false",
              table,
              table));
    }
    return e;
  }

  private static final List<String> ESCALATING =
      List.of("superuser", "createrole", "bypassrls", "replication");

  /** CREATE ROLE|USER|GROUP and ALTER ROLE|USER|GROUP: flags options that escalate. */
  static Exact role(TokenCursor c, boolean create) {
    c.advance();
    if (!c.accept("role") && !c.accept("user") && !c.accept("group")) {
      return null;
    }
    if (!c.isName() && !c.isWord("current_user") && !c.isWord("session_user")) {
      return null;
    }
    c.advance();
    if (!create && c.isWord("rename")) {
      return c.restIsBalanced() ? new Exact("RenameStmt") : null;
    }
    if (!create && (c.isWord("set") || c.isWord("reset") || c.isWord("in"))) {
      if (!c.restIsBalanced()) {
        return null;
      }
      Exact e = new Exact("AlterRoleSetStmt");
      if (c.acceptAll("in", "database")) {
        c.advance();
      }
      SettingGrammar.judge(c, e, "AlterRoleSetStmt", true);
      return e;
    }
    Exact e = new Exact(create ? "CreateRoleStmt" : "AlterRoleStmt");
    String node = create ? "CreateRoleStmt" : "AlterRoleStmt";
    for (int i = c.pos(); i < c.size(); i++) {
      String w = c.lowerAt(i);
      if (c.tokens().get(i).type() == TokenType.IDENT && ESCALATING.contains(w)) {
        e.finding(
            RuleCodes.ROLE_ESCALATION,
            node + " > Option(" + w.toUpperCase(java.util.Locale.ROOT) + ")",
            w);
      }
      if (create
          && c.tokens().get(i).isWord(c.sql(), "in")
          && i + 1 < c.size()
          && (c.tokens().get(i + 1).isWord(c.sql(), "role")
              || c.tokens().get(i + 1).isWord(c.sql(), "group"))) {
        e.finding(RuleCodes.ROLE_ESCALATION, node + " > Option(IN ROLE)", "role membership");
      }
    }
    return c.restIsBalanced() ? e : null;
  }

  /**
   * ALTER DATABASE name SET/RESET … (AlterDatabaseSetStmt, judged per setting); other ALTER
   * DATABASE forms are recognised by their header (the kind verdict flags them).
   */
  static Exact alterDatabase(TokenCursor c) {
    int save = c.pos();
    c.advance();
    c.advance(); // DATABASE
    if (c.qualifiedName() == null || !c.restIsBalanced()) {
      c.seek(save);
      return null;
    }
    if (!c.isWord("set") && !c.isWord("reset")) {
      c.seek(save);
      return null;
    }
    Exact e = new Exact("AlterDatabaseSetStmt");
    SettingGrammar.judge(c, e, "AlterDatabaseSetStmt", true);
    return e;
  }

  static Exact alterSystem(TokenCursor c) {
    return c.restIsBalanced()
        ? new Exact("AlterSystemStmt").finding(RuleCodes.ROLE_ESCALATION, "AlterSystemStmt")
        : null;
  }

  /**
   * GRANT/REVOKE privileges ON objects (GrantStmt) or role membership (GrantRoleStmt). Granting
   * membership is escalation (VETRO-071) on top of VETRO-082: pg_* roles read server files, signal
   * backends and more.
   */
  static Exact grant(TokenCursor c) {
    boolean grant = c.isWord("grant");
    c.advance();
    if (!c.restIsBalanced()) {
      return null;
    }
    if (c.findTopLevel("on") >= 0) {
      return new Exact("GrantStmt").finding(RuleCodes.GRANT_REVOKE, "GrantStmt");
    }
    Exact e = new Exact("GrantRoleStmt").finding(RuleCodes.GRANT_REVOKE, "GrantRoleStmt");
    if (grant) {
      e.finding(RuleCodes.ROLE_ESCALATION, "GrantRoleStmt > GrantedRoles", "role membership");
    }
    return e;
  }

  static Exact alterDefaultPrivileges(TokenCursor c) {
    return c.restIsBalanced()
        ? new Exact("AlterDefaultPrivilegesStmt")
            .finding(RuleCodes.GRANT_REVOKE, "AlterDefaultPrivilegesStmt")
        : null;
  }

  /**
   * Leading keywords of DDL that no rule inspects, with the node type PostgreSQL gives it. The
   * statement is accepted when its parentheses balance and nothing failed to lex.
   */
  private static final Map<String, String> RULE_FREE_CREATE =
      Map.ofEntries(
          Map.entry("aggregate", "DefineStmt"),
          Map.entry("operator", "DefineStmt"),
          Map.entry("type", "DefineStmt"),
          Map.entry("collation", "DefineStmt"),
          Map.entry("text", "DefineStmt"),
          Map.entry("statistics", "CreateStatsStmt"),
          Map.entry("conversion", "CreateConversionStmt"),
          Map.entry("domain", "CreateDomainStmt"),
          Map.entry("sequence", "CreateSeqStmt"),
          Map.entry("tablespace", "CreateTableSpaceStmt"),
          Map.entry("event", "CreateEventTrigStmt"),
          Map.entry("transform", "CreateTransformStmt"),
          Map.entry("cast", "CreateCastStmt"),
          Map.entry("access", "CreateAmStmt"),
          Map.entry("publication", "CreatePublicationStmt"),
          Map.entry("policy", "CreatePolicyStmt"),
          Map.entry("trigger", "CreateTrigStmt"),
          Map.entry("function", "CreateFunctionStmt"),
          Map.entry("procedure", "CreateFunctionStmt"),
          Map.entry("view", "ViewStmt"),
          Map.entry("schema", "CreateSchemaStmt"),
          Map.entry("extension", "CreateExtensionStmt"),
          Map.entry("foreign", "CreateFdwStmt"),
          Map.entry("server", "CreateForeignServerStmt"),
          Map.entry("language", "CreatePLangStmt"),
          Map.entry("database", "CreatedbStmt"),
          Map.entry("subscription", "CreateSubscriptionStmt"),
          Map.entry("materialized", "CreateTableAsStmt"),
          Map.entry("recursive", "ViewStmt"),
          Map.entry("default", "CreateConversionStmt"),
          Map.entry("user", "CreateUserMappingStmt"));

  /** CREATE [OR REPLACE] [TEMP|TEMPORARY|…] <rule-free object> …; null when not one of those. */
  static Exact ruleFreeCreate(TokenCursor c) {
    c.advance();
    c.acceptAll("or", "replace");
    while (c.isAnyWord(
        "temp",
        "temporary",
        "unlogged",
        "trusted",
        "procedural",
        "constraint",
        "global",
        "local")) {
      c.advance();
    }
    String kind = RULE_FREE_CREATE.get(c.lower());
    if (kind == null || !c.is(TokenType.IDENT)) {
      return null;
    }
    if (c.isWord("operator") && (c.isWordAt(1, "class") || c.isWordAt(1, "family"))) {
      kind = c.isWordAt(1, "class") ? "CreateOpClassStmt" : "CreateOpFamilyStmt";
    } else if (c.isWord("user") && c.isWordAt(1, "mapping")) {
      kind = "CreateUserMappingStmt";
    } else if (c.isWord("foreign") && c.isWordAt(1, "table")) {
      kind = "CreateForeignTableStmt";
    } else if (c.isWord("type") && c.findTopLevel("as") >= 0) {
      kind =
          c.findTopLevel("enum") >= 0
              ? "CreateEnumStmt"
              : c.findTopLevel("range") >= 0 ? "CreateRangeStmt" : "CompositeTypeStmt";
    }
    return c.restIsBalanced() ? new Exact(kind, Coverage.HEADER) : null;
  }

  /** ALTER of objects no rule inspects (ALTER TABLE, ROLE, SYSTEM are handled elsewhere). */
  static Exact ruleFreeAlter(TokenCursor c) {
    c.advance();
    boolean userMapping = c.isWord("user") && c.isWordAt(1, "mapping");
    if (!c.is(TokenType.IDENT)
        || !userMapping && c.isAnyWord("table", "role", "user", "group", "system", "default")) {
      return null;
    }
    String kind =
        c.findTopLevel("rename") >= 0
            ? "RenameStmt"
            : c.findTopLevel("owner") >= 0 ? "AlterOwnerStmt" : "AlterObjectStmt";
    return c.restIsBalanced() ? new Exact(kind, Coverage.HEADER) : null;
  }
}
