package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds calls of dangerous functions on the exact token stream: a name (optionally schema-
 * qualified, quoted or not, any case) followed by '('. Working on tokens rather than the AST means
 * a call is found wherever it hides (nested subqueries, DEFAULT expressions, EXECUTE arguments,
 * statements JSqlParser cannot parse) and string contents can never be mistaken for calls.
 */
final class FunctionScan {

  private static final Set<String> SLEEP_PG = Set.of("pg_sleep", "pg_sleep_for", "pg_sleep_until");
  private static final Set<String> SLEEP_MYSQL = Set.of("sleep", "benchmark");
  private static final Set<String> REACH_PG =
      Set.of(
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_dir",
          "pg_stat_file",
          "pg_ls_logdir",
          "pg_ls_waldir",
          "pg_ls_tmpdir",
          "pg_ls_archive_statusdir",
          "pg_ls_logicalsnapdir",
          "pg_ls_logicalmapdir",
          "pg_ls_replslotdir",
          "lo_import",
          "lo_export",
          "pg_file_write",
          "pg_file_rename",
          "pg_file_unlink",
          "pg_file_sync",
          "pg_logdir_ls",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "pg_promote");
  private static final Set<String> REACH_MYSQL = Set.of("load_file", "sys_exec", "sys_eval");

  private FunctionScan() {}

  /**
   * Catalog relations that hold secrets: password hashes (pg_authid, pg_shadow), credentials for
   * other servers (pg_user_mapping, pg_user_mappings), the server's access rules and configuration
   * files (pg_hba_file_rules, pg_ident_file_mappings, pg_file_settings) and sampled column values
   * (pg_statistic).
   */
  static final Set<String> SECRET_RELATIONS =
      Set.of(
          "pg_authid",
          "pg_shadow",
          "pg_user_mapping",
          "pg_user_mappings",
          "pg_hba_file_rules",
          "pg_ident_file_mappings",
          "pg_file_settings",
          "pg_statistic",
          "pg_statistic_ext_data",
          "pg_largeobject");

  /**
   * Catalog relations PUBLIC may not read that hold no secrets: server diagnostics, and
   * pg_subscription, whose one secret column (subconninfo) the server itself refuses to PUBLIC
   * while the others are readable. Together with {@link #SECRET_RELATIONS} this covers every
   * privileged pg_catalog relation of PostgreSQL 15 (ServerFunctionsTest checks it on a server).
   */
  static final Set<String> PRIVILEGED_NOT_SECRET =
      Set.of(
          "pg_backend_memory_contexts",
          "pg_config",
          "pg_replication_origin_status",
          "pg_shmem_allocations",
          "pg_subscription");

  /**
   * What the token scan found; {@code literalDependent} when a verdict read a literal (set_config's
   * setting name), which the fingerprint hides.
   */
  record Result(List<Finding> findings, boolean literalDependent) {}

  static Result scan(String sql, List<Token> tokens, Dialect dialect) {
    List<Finding> out = new ArrayList<>(0);
    boolean literalDependent = false;
    boolean readsRelations = dialect == Dialect.POSTGRES && readsRelations(sql, tokens);
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (i + 1 == tokens.size() || tokens.get(i + 1).type() != TokenType.LPAREN) {
        if (readsRelations && mayBeCatalogName(sql, t)) {
          String name = name(sql, t);
          if (SECRET_RELATIONS.contains(name)) {
            out.add(Finding.of(RuleCodes.SECRET_CATALOG_READ, "RangeVar(" + name + ")", name));
          }
        }
        continue;
      }
      String name = name(sql, t);
      if (name == null) {
        continue;
      }
      if (name.equals("set_config") && dialect == Dialect.POSTGRES) {
        setConfig(sql, tokens, i, out);
        literalDependent = true;
        continue;
      }
      if (SLEEP_PG.contains(name) || dialect == Dialect.MYSQL && SLEEP_MYSQL.contains(name)) {
        out.add(Finding.of(RuleCodes.SLEEP_FUNCTION, "FuncCall(" + name + ")", name));
      } else if (REACH_PG.contains(name)
          || name.startsWith("dblink")
          || dialect == Dialect.MYSQL && REACH_MYSQL.contains(name)) {
        out.add(Finding.of(RuleCodes.SERVER_REACH, "FuncCall(" + name + ")", name));
      } else if (dialect == Dialect.POSTGRES) {
        ServerFunctions.Kind kind = ServerFunctions.of(name);
        String rule = kind == null ? null : ServerFunctions.rule(kind);
        if (rule != null) {
          out.add(Finding.of(rule, "FuncCall(" + name + ")", name));
        }
      }
    }
    if (dialect == Dialect.MYSQL) {
      mysqlOutfile(sql, tokens, out);
    }
    return new Result(out, literalDependent);
  }

  /** Maintenance statements name a catalog without reading its rows (VACUUM pg_authid). */
  private static boolean readsRelations(String sql, List<Token> tokens) {
    if (tokens.isEmpty()) {
      return false;
    }
    Token first = tokens.get(0);
    return !(first.isWord(sql, "vacuum")
        || first.isWord(sql, "analyze")
        || first.isWord(sql, "analyse")
        || first.isWord(sql, "reindex")
        || first.isWord(sql, "cluster")
        || first.isWord(sql, "comment")
        || first.isWord(sql, "security"));
  }

  /** Cheap pre-check before allocating a lower-case name: every secret relation starts pg_. */
  private static boolean mayBeCatalogName(String sql, Token t) {
    int len = t.end() - t.start();
    int off = t.type() == TokenType.QUOTED_IDENT ? 1 : 0;
    return (t.type() == TokenType.IDENT || off == 1)
        && len >= 9 + 2 * off
        && len <= 22 + 2 * off
        && sql.regionMatches(true, t.start() + off, "pg_", 0, 3);
  }

  /**
   * set_config(name, value, is_local) is SET by function call: judged by the setting it changes. A
   * name that is not a literal could be any setting, role included.
   */
  private static void setConfig(String sql, List<Token> tokens, int at, List<Finding> out) {
    Exact e = new Exact("FuncCall");
    String path = "FuncCall(set_config)";
    Token name = at + 2 < tokens.size() ? tokens.get(at + 2) : null;
    boolean literalName =
        name != null
            && name.type() == TokenType.STRING
            && at + 3 < tokens.size()
            && tokens.get(at + 3).type() == TokenType.COMMA;
    if (!literalName) {
      e.finding(RuleCodes.IDENTITY_CHANGE, path, "set_config of a setting named at run time");
    } else {
      Token value = at + 4 < tokens.size() ? tokens.get(at + 4) : null;
      String v =
          value != null && value.type() == TokenType.STRING
              ? SettingGrammar.value(sql, value)
              : "?";
      SettingGrammar.setting(e, path, SettingGrammar.value(sql, name), v, false);
    }
    out.addAll(e.findings);
  }

  /** MySQL SELECT … INTO OUTFILE/DUMPFILE writes a file on the server. */
  private static void mysqlOutfile(String sql, List<Token> tokens, List<Finding> out) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (tokens.get(i).isWord(sql, "into")
          && (tokens.get(i + 1).isWord(sql, "outfile")
              || tokens.get(i + 1).isWord(sql, "dumpfile"))) {
        out.add(
            Finding.of(RuleCodes.SERVER_REACH, "SelectStmt > IntoClause(OUTFILE)", "INTO OUTFILE"));
      }
    }
  }

  private static String name(String sql, Token t) {
    String s = t.text(sql);
    if (t.type() == TokenType.IDENT) {
      return s.toLowerCase(Locale.ROOT);
    }
    if (t.type() == TokenType.QUOTED_IDENT && s.length() >= 2) {
      if ((s.startsWith("U&") || s.startsWith("u&")) && s.length() >= 4) {
        return unicodeEscapes(s.substring(3, s.length() - 1));
      }
      // quoted names are case-sensitive, as in the server
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    return null;
  }

  /** U&"pg\005fsleep" names pg_sleep: decode the default escapes so they cannot hide a call. */
  static String unicodeEscapes(String body) {
    StringBuilder b = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '\\') {
        b.append('\\');
        i++;
      } else if (c == '\\' && i + 5 <= body.length() && body.charAt(i + 1) != '+') {
        b.appendCodePoint(hex(body, i + 1, 4));
        i += 4;
      } else if (c == '\\' && i + 8 <= body.length()) {
        b.appendCodePoint(hex(body, i + 2, 6));
        i += 7;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static int hex(String s, int from, int len) {
    try {
      int cp = Integer.parseInt(s.substring(from, from + len), 16);
      return cp <= Character.MAX_CODE_POINT ? cp : '?';
    } catch (NumberFormatException e) {
      return '?';
    }
  }
}
