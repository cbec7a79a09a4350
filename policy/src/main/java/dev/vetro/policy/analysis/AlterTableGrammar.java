package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.locks.LockMode;
import dev.vetro.policy.rules.RuleCodes;
import java.util.Set;

/**
 * ALTER TABLE as PostgreSQL's grammar shapes it: a header, then either one RENAME / SET SCHEMA form
 * or a comma-separated list of subcommands at parenthesis depth 0. Each subcommand is judged on its
 * own tokens, so {@code ADD COLUMN a int NOT NULL DEFAULT 0, ALTER COLUMN b TYPE text} yields
 * exactly the findings of its two parts.
 */
final class AlterTableGrammar {

  /**
   * Defaults that are evaluated per row, forcing a table rewrite (and now(), as listed by policy).
   */
  private static final Set<String> VOLATILE_DEFAULTS =
      Set.of(
          "now",
          "random",
          "gen_random_uuid",
          "clock_timestamp",
          "statement_timestamp",
          "timeofday",
          "uuid_generate_v1",
          "uuid_generate_v1mc",
          "uuid_generate_v4",
          "nextval",
          "current_timestamp",
          "transaction_timestamp",
          "localtimestamp");

  private AlterTableGrammar() {}

  static boolean isVolatileDefault(String functionName) {
    return VOLATILE_DEFAULTS.contains(functionName);
  }

  /** The cursor stands on ALTER followed by TABLE. */
  static Exact parse(TokenCursor c) {
    c.advance();
    c.advance(); // TABLE
    if (c.isWord("all") && c.isWordAt(1, "in")) {
      return c.restIsBalanced() ? new Exact("AlterTableMoveAllStmt") : null;
    }
    c.acceptAll("if", "exists");
    c.accept("only");
    String table = c.qualifiedName();
    if (table == null) {
      return null;
    }
    if (c.is(TokenType.OPERATOR) && c.text().equals("*")) {
      c.advance();
    }
    if (!c.restIsBalanced() || c.atEnd()) {
      return null;
    }
    if (c.isWord("rename")) {
      return rename(c).lock(table, LockMode.ACCESS_EXCLUSIVE, false, false);
    }
    if (c.isWord("set") && c.isWordAt(1, "schema")) {
      return new Exact("AlterObjectSchemaStmt");
    }
    Exact e = new Exact("AlterTableStmt");
    int from = c.pos();
    int depth = 0;
    AlterTableLocks.Work work = AlterTableLocks.NONE;
    for (int i = from; i <= c.size(); i++) {
      Token t = i < c.size() ? c.tokens().get(i) : null;
      if (t != null && t.type() == TokenType.LPAREN) {
        depth++;
      } else if (t != null && t.type() == TokenType.RPAREN) {
        depth--;
      } else if (t == null || depth == 0 && t.type() == TokenType.COMMA) {
        subcommand(c, from, i, e);
        work =
            work.merge(AlterTableLocks.of(new TokenCursor(c.sql(), c.tokens().subList(from, i))));
        from = i + 1;
      }
    }
    e.lock(table, work.mode(), work.rewrites(), work.scans());
    return e;
  }

  private static Exact rename(TokenCursor c) {
    c.advance();
    Exact e = new Exact("RenameStmt");
    if (c.isWord("constraint")) {
      return e;
    }
    if (c.isWord("to")) {
      return e.finding(RuleCodes.RENAME, "RenameStmt > RenameType = TABLE");
    }
    return e.finding(RuleCodes.RENAME, "RenameStmt > RenameType = COLUMN");
  }

  private static void subcommand(TokenCursor all, int from, int to, Exact e) {
    TokenCursor c = new TokenCursor(all.sql(), all.tokens().subList(from, to));
    String cmd = "AlterTableStmt > AlterTableCmd";
    if (c.accept("drop")) {
      if (c.isWord("constraint")) {
        e.finding(RuleCodes.DROP_CONSTRAINT, cmd + "(DropConstraint)");
      } else {
        c.accept("column");
        c.acceptAll("if", "exists");
        e.finding(RuleCodes.DROP_COLUMN, cmd + "(DropColumn)", c.qualifiedName());
      }
    } else if (c.accept("alter")) {
      c.accept("column");
      c.qualifiedName();
      if (c.isWord("type") || c.acceptAll("set", "data") && c.isWord("type")) {
        e.finding(RuleCodes.ALTER_COLUMN_TYPE, cmd + "(AlterColumnType)");
      } else if (c.acceptAll("set", "not", "null")) {
        e.finding(RuleCodes.SET_NOT_NULL, cmd + "(SetNotNull)");
      }
    } else if (c.acceptAll("disable", "trigger")) {
      e.finding(RuleCodes.TRIGGER_OR_RLS_DISABLED, cmd + "(DisableTrig)");
    } else if (c.acceptAll("disable", "row", "level", "security")) {
      e.finding(RuleCodes.TRIGGER_OR_RLS_DISABLED, cmd + "(DisableRowSecurity)");
    } else if (c.acceptAll("no", "force", "row", "level", "security")) {
      e.finding(RuleCodes.TRIGGER_OR_RLS_DISABLED, cmd + "(NoForceRowSecurity)");
    } else if (c.accept("add")) {
      add(c, e, cmd);
    } else if (c.acceptAll("set", "unlogged")) {
      e.finding(
          RuleCodes.PROTECTION_SETTING_OFF,
          cmd + "(SetUnLogged)",
          "no crash safety, no replication");
      e.finding(RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN, cmd + "(SetUnLogged) > Rewrite");
    } else if (c.acceptAll("set", "logged")) {
      e.finding(RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN, cmd + "(SetLogged) > Rewrite");
    } else if (c.acceptAll("set", "tablespace")) {
      e.finding(RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN, cmd + "(SetTableSpace) > Rewrite");
    } else if (c.acceptAll("disable", "rule")) {
      e.finding(RuleCodes.PROTECTION_SETTING_OFF, cmd + "(DisableRule)", "rule disabled");
    } else if (c.acceptAll("detach", "partition")) {
      e.finding(RuleCodes.DROP_DATA_OBJECT, cmd + "(DetachPartition)", "partition detached");
    } else if (c.acceptAll("owner", "to")) {
      e.finding(RuleCodes.GRANT_REVOKE, cmd + "(ChangeOwner)", "ownership handed over");
    }
  }

  private static void add(TokenCursor c, Exact e, String cmd) {
    boolean namedConstraint = c.accept("constraint") && c.qualifiedName() != null;
    if (namedConstraint || c.isAnyWord("check", "foreign", "unique", "primary", "exclude")) {
      boolean needsValidation = c.isWord("check") || c.isWord("foreign");
      if (needsValidation && !hasTopLevel(c, "not", "valid")) {
        e.finding(
            RuleCodes.CONSTRAINT_WITHOUT_NOT_VALID,
            cmd + "(AddConstraint) > SkipValidation = false");
      }
      return;
    }
    c.accept("column");
    c.acceptAll("if", "not", "exists");
    String column = c.qualifiedName();
    boolean hasDefault = hasTopLevel(c, "default") || hasTopLevel(c, "generated");
    if (hasTopLevel(c, "not", "null") && !hasDefault) {
      e.finding(
          RuleCodes.ADD_COLUMN_NOT_NULL_NO_DEFAULT,
          cmd + "(AddColumn) > Constraint(NOT NULL) > Default = NULL",
          column);
    }
    int d = c.findTopLevel("default");
    if (d >= 0 && d + 1 < c.size()) {
      Token next = c.tokens().get(d + 1);
      String name = next.type() == TokenType.IDENT ? c.lowerAt(d + 1) : "";
      // skip a schema qualifier: DEFAULT pg_catalog.now()
      if (d + 3 < c.size() && c.tokens().get(d + 2).type() == TokenType.DOT) {
        name = c.lowerAt(d + 3);
      }
      if (VOLATILE_DEFAULTS.contains(name)) {
        e.finding(
            RuleCodes.ADD_COLUMN_VOLATILE_DEFAULT,
            cmd + "(AddColumn) > Default > FuncCall(" + name + ")",
            name);
      }
    }
  }

  private static boolean hasTopLevel(TokenCursor c, String... words) {
    int depth = 0;
    for (int i = c.pos(); i < c.size(); i++) {
      Token t = c.tokens().get(i);
      if (t.type() == TokenType.LPAREN) {
        depth++;
      } else if (t.type() == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && matchesAt(c, i, words)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(TokenCursor c, int i, String[] words) {
    for (int k = 0; k < words.length; k++) {
      if (i + k >= c.size() || !c.tokens().get(i + k).isWord(c.sql(), words[k])) {
        return false;
      }
    }
    return true;
  }
}
