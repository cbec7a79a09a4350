package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.locks.LockMode;
import dev.vetro.policy.rules.RuleCodes;

/**
 * Exact grammars for the utility statements JSqlParser 5.4 cannot read or reads partially: COPY,
 * DO, TRUNCATE, transaction control, SET/RESET/SHOW, VACUUM/ANALYZE/CLUSTER, FETCH/MOVE/CLOSE,
 * REINDEX, EXECUTE/DEALLOCATE, LISTEN/NOTIFY, DISCARD, LOCK, CHECKPOINT, LOAD, CALL, COMMENT. Each
 * returns null when the tokens do not follow its grammar, so the caller can try the next reader
 * instead of guessing.
 */
final class UtilityGrammar {

  private UtilityGrammar() {}

  static Exact parse(TokenCursor c, Dialect dialect, Exact.Nested nested) {
    String first = c.lower();
    return switch (first) {
      case "copy" -> copy(c, nested);
      case "do" -> doBlock(c);
      case "truncate" -> truncate(c);
      case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release" ->
          transaction(c, dialect);
      case "set" -> set(c, dialect);
      case "reset" -> settings(plain(c, "VariableSetStmt"), c);
      case "show" -> dialect == Dialect.POSTGRES ? plain(c, "VariableShowStmt") : null;
      case "vacuum", "analyze", "analyse" -> vacuum(c);
      case "cluster" -> locking(plain(c, "ClusterStmt"), c, LockMode.ACCESS_EXCLUSIVE, true);
      case "fetch", "move" -> plain(c, "FetchStmt");
      case "close" -> plain(c, "ClosePortalStmt");
      case "reindex" -> reindex(c);
      case "execute" -> plain(c, "ExecuteStmt");
      case "deallocate" -> plain(c, "DeallocateStmt");
      case "listen" -> plain(c, "ListenStmt");
      case "unlisten" -> plain(c, "UnlistenStmt");
      case "notify" -> plain(c, "NotifyStmt");
      case "discard" -> plain(c, "DiscardStmt");
      case "lock" -> dialect == Dialect.POSTGRES ? lock(c) : null;
      case "checkpoint" -> plain(c, "CheckPointStmt");
      case "load" -> load(c, dialect);
      case "call" -> plain(c, "CallStmt");
      case "comment" -> c.isWordAt(1, "on") ? plain(c, "CommentStmt") : null;
      case "security" -> c.isWordAt(1, "label") ? plain(c, "SecLabelStmt") : null;
      case "refresh" -> c.isWordAt(1, "materialized") ? refresh(c) : null;
      case "reassign" -> c.isWordAt(1, "owned") ? plain(c, "ReassignOwnedStmt") : null;
      case "import" -> c.isWordAt(1, "foreign") ? plain(c, "ImportForeignSchemaStmt") : null;
      default -> null;
    };
  }

  /** Statements whose only rule-relevant content is function calls, which FunctionScan covers. */
  private static Exact plain(TokenCursor c, String kind) {
    return c.restIsBalanced() ? new Exact(kind) : null;
  }

  private static Exact copy(TokenCursor c, Exact.Nested nested) {
    c.advance();
    c.accept("binary");
    Exact e = new Exact("CopyStmt");
    if (c.is(TokenType.LPAREN)) {
      int open = c.pos();
      if (!c.skipParens()) {
        return null;
      }
      e.absorb(nested.analyse(open + 1, c.pos() - 1), "CopyStmt > Query", true);
    } else {
      if (c.qualifiedName() == null) {
        return null;
      }
      if (c.is(TokenType.LPAREN) && !c.skipParens()) {
        return null;
      }
    }
    if (!c.accept("from") && !c.accept("to")) {
      return null;
    }
    if (c.accept("program")) {
      if (!c.is(TokenType.STRING)) {
        return null;
      }
      e.finding(RuleCodes.COPY_PROGRAM, "CopyStmt > IsProgram = true");
      c.advance();
    } else if (c.is(TokenType.STRING)) {
      e.finding(RuleCodes.SERVER_REACH, "CopyStmt > Filename", "server file");
      c.advance();
    } else if (!c.accept("stdin") && !c.accept("stdout")) {
      return null;
    }
    return c.restIsBalanced() ? e : null;
  }

  private static Exact doBlock(TokenCursor c) {
    c.advance();
    if (c.accept("language") && !c.isName()) {
      return null;
    } else if (c.isName()) {
      c.advance();
    }
    if (!c.is(TokenType.STRING) && !c.isWord("language")) {
      return null;
    }
    return c.restIsBalanced() ? new Exact("DoStmt").finding(RuleCodes.DO_BLOCK, "DoStmt") : null;
  }

  private static Exact truncate(TokenCursor c) {
    c.advance();
    c.accept("table");
    java.util.List<String> names = new java.util.ArrayList<>(1);
    do {
      c.accept("only");
      String name = c.qualifiedName();
      if (name == null) {
        return null;
      }
      names.add(name);
      if (c.is(TokenType.OPERATOR) && c.text().equals("*")) {
        c.advance();
      }
    } while (c.accept(TokenType.COMMA));
    if (c.accept("restart") || c.accept("continue")) {
      if (!c.accept("identity")) {
        return null;
      }
    }
    if (!c.accept("cascade")) {
      c.accept("restrict");
    }
    if (!c.atEnd()) {
      return null;
    }
    Exact e = new Exact("TruncateStmt").finding(RuleCodes.TRUNCATE, "TruncateStmt");
    for (String n : names) {
      e.lock(n, LockMode.ACCESS_EXCLUSIVE, true, false); // a new, empty file replaces the table
    }
    return e;
  }

  private static Exact transaction(TokenCursor c, Dialect dialect) {
    if (c.isWord("start") && !c.isWordAt(1, "transaction")) {
      return null;
    }
    for (int i = c.pos(); i < c.size(); i++) {
      TokenType t = c.tokens().get(i).type();
      if (t != TokenType.IDENT
          && t != TokenType.STRING
          && t != TokenType.COMMA
          && t != TokenType.NUMBER
          && t != TokenType.QUOTED_IDENT) {
        return null;
      }
    }
    return new Exact("TransactionStmt");
  }

  private static Exact set(TokenCursor c, Dialect dialect) {
    if (dialect == Dialect.MYSQL) {
      return null; // MySQL SET can assign subquery results: leave it to the full parser
    }
    for (int i = c.pos(); i < c.size(); i++) {
      TokenType t = c.tokens().get(i).type();
      if (t == TokenType.LPAREN || t == TokenType.ERROR) {
        return null;
      }
    }
    if (c.isWordAt(1, "constraints")) {
      return new Exact("ConstraintsSetStmt");
    }
    return settings(new Exact("VariableSetStmt"), c);
  }

  /** Identity and protection settings are rules of their own (SettingGrammar). */
  private static Exact settings(Exact e, TokenCursor c) {
    if (e != null) {
      SettingGrammar.judge(new TokenCursor(c.sql(), c.tokens()), e, "VariableSetStmt", false);
    }
    return e;
  }

  private static Exact reindex(TokenCursor c) {
    Exact e = plain(c, "ReindexStmt");
    if (e != null) {
      e.concurrently = has(c, "concurrently");
      locking(
          e,
          c,
          e.concurrently
              ? LockMode.SHARE_UPDATE_EXCLUSIVE
              : c.isWordAt(1, "index") ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE,
          true);
      if (!e.concurrently) {
        e.finding(
            RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
            "ReindexStmt > Concurrent = false",
            "index locked ACCESS EXCLUSIVE, table SHARE while rebuilt");
      }
    }
    return e;
  }

  /** VACUUM FULL rewrites the table under ACCESS EXCLUSIVE; plain VACUUM and ANALYZE do not. */
  private static Exact vacuum(TokenCursor c) {
    Exact e = plain(c, "VacuumStmt");
    if (e != null && has(c, "full")) {
      int full = indexOf(c, "full");
      Token next = full + 1 < c.size() ? c.tokens().get(full + 1) : null;
      boolean off =
          next != null
              && (next.isWord(c.sql(), "false")
                  || next.isWord(c.sql(), "off")
                  || next.type() == TokenType.NUMBER && next.text(c.sql()).equals("0"));
      if (!off) {
        e.finding(
            RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
            "VacuumStmt > Option(FULL) > Lock(ACCESS EXCLUSIVE)",
            "VACUUM FULL rewrites the table");
        return locking(e, c, LockMode.ACCESS_EXCLUSIVE, true);
      }
    }
    return e == null ? null : locking(e, c, LockMode.SHARE_UPDATE_EXCLUSIVE, false);
  }

  /** LOCK without IN … MODE takes ACCESS EXCLUSIVE, like the explicit form. */
  private static Exact lock(TokenCursor c) {
    Exact e = plain(c, "LockStmt");
    if (e == null) {
      return null;
    }
    int in = c.findTopLevel("in");
    boolean accessExclusive =
        in < 0
            || c.isWordAt(in + 1 - c.pos(), "access") && c.isWordAt(in + 2 - c.pos(), "exclusive");
    LockMode mode = accessExclusive ? LockMode.ACCESS_EXCLUSIVE : LockMode.parse(modeWords(c, in));
    if (mode != null) {
      locking(e, c, mode, false);
    }
    if (accessExclusive) {
      e.finding(
          RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
          "LockStmt > Mode = ACCESS EXCLUSIVE",
          "every read and write waits until the transaction ends");
    }
    return e;
  }

  /** REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks readers while it recomputes. */
  private static Exact refresh(TokenCursor c) {
    Exact e = plain(c, "RefreshMatViewStmt");
    if (e != null) {
      boolean conc = has(c, "concurrently");
      locking(e, c, conc ? LockMode.EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE, true);
    }
    if (e != null && !has(c, "concurrently")) {
      e.finding(
          RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
          "RefreshMatViewStmt > Concurrent = false",
          "readers wait while the view is recomputed");
    }
    return e;
  }

  /**
   * Records the lock on the statement's target: the last plain name of the statement, which is the
   * relation in VACUUM, CLUSTER, LOCK, REFRESH and REINDEX (their options come first).
   */
  private static Exact locking(Exact e, TokenCursor c, LockMode mode, boolean rewrites) {
    if (e == null) {
      return null;
    }
    String target = null;
    int depth = 0;
    for (int i = c.pos() + 1; i < c.size(); i++) {
      Token t = c.tokens().get(i);
      if (t.type() == TokenType.LPAREN) {
        depth++;
      } else if (t.type() == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && t.isWord(c.sql(), "in")) {
        break; // LOCK t IN … MODE
      } else if (depth == 0
          && (t.type() == TokenType.IDENT || t.type() == TokenType.QUOTED_IDENT)
          && !LOCK_KEYWORDS.contains(t.text(c.sql()).toLowerCase(java.util.Locale.ROOT))) {
        target = t.text(c.sql());
        break;
      }
    }
    return e.lock(target, mode, rewrites, false);
  }

  private static final java.util.Set<String> LOCK_KEYWORDS =
      java.util.Set.of(
          "full",
          "freeze",
          "verbose",
          "analyze",
          "analyse",
          "table",
          "only",
          "materialized",
          "view",
          "concurrently",
          "index",
          "schema",
          "database",
          "system",
          "nowait",
          "with",
          "no",
          "data",
          "using");

  private static String modeWords(TokenCursor c, int in) {
    StringBuilder b = new StringBuilder();
    for (int i = in + 1; i < c.size() && !c.tokens().get(i).isWord(c.sql(), "mode"); i++) {
      b.append(c.tokens().get(i).text(c.sql())).append(' ');
    }
    return b.toString();
  }

  private static boolean has(TokenCursor c, String word) {
    return indexOf(c, word) >= 0;
  }

  private static int indexOf(TokenCursor c, String word) {
    for (int i = c.pos(); i < c.size(); i++) {
      if (c.tokens().get(i).isWord(c.sql(), word)) {
        return i;
      }
    }
    return -1;
  }

  private static Exact load(TokenCursor c, Dialect dialect) {
    if (dialect != Dialect.POSTGRES
        || !c.isWordAt(0, "load")
        || c.peek(1) == null
        || c.peek(1).type() != TokenType.STRING
        || c.size() != 2) {
      return null;
    }
    return new Exact("LoadStmt")
        .finding(RuleCodes.SERVER_REACH, "LoadStmt > Filename", "LOAD of a server library");
  }
}
