package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.TokenType;
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
      case "reset" -> plain(c, "VariableSetStmt");
      case "show" -> dialect == Dialect.POSTGRES ? plain(c, "VariableShowStmt") : null;
      case "vacuum", "analyze", "analyse" -> plain(c, "VacuumStmt");
      case "cluster" -> plain(c, "ClusterStmt");
      case "fetch", "move" -> plain(c, "FetchStmt");
      case "close" -> plain(c, "ClosePortalStmt");
      case "reindex" -> reindex(c);
      case "execute" -> plain(c, "ExecuteStmt");
      case "deallocate" -> plain(c, "DeallocateStmt");
      case "listen" -> plain(c, "ListenStmt");
      case "unlisten" -> plain(c, "UnlistenStmt");
      case "notify" -> plain(c, "NotifyStmt");
      case "discard" -> plain(c, "DiscardStmt");
      case "lock" -> dialect == Dialect.POSTGRES ? plain(c, "LockStmt") : null;
      case "checkpoint" -> plain(c, "CheckPointStmt");
      case "load" -> load(c, dialect);
      case "call" -> plain(c, "CallStmt");
      case "comment" -> c.isWordAt(1, "on") ? plain(c, "CommentStmt") : null;
      case "security" -> c.isWordAt(1, "label") ? plain(c, "SecLabelStmt") : null;
      case "refresh" -> c.isWordAt(1, "materialized") ? plain(c, "RefreshMatViewStmt") : null;
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
    do {
      c.accept("only");
      if (c.qualifiedName() == null) {
        return null;
      }
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
    return c.atEnd() ? new Exact("TruncateStmt").finding(RuleCodes.TRUNCATE, "TruncateStmt") : null;
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
    return new Exact(c.isWordAt(1, "constraints") ? "ConstraintsSetStmt" : "VariableSetStmt");
  }

  private static Exact reindex(TokenCursor c) {
    Exact e = plain(c, "ReindexStmt");
    if (e != null) {
      for (int i = c.pos(); i < c.size(); i++) {
        if (c.tokens().get(i).isWord(c.sql(), "concurrently")) {
          e.concurrently = true;
        }
      }
    }
    return e;
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
