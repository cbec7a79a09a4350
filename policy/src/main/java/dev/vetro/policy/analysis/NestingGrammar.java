package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.rules.RuleCodes;

/**
 * Statements that carry another statement, which is judged as itself: EXPLAIN ANALYZE (it executes
 * the statement), PREPARE … AS (blocked at PREPARE, so EXECUTE can only run what passed), CREATE
 * RULE … DO (the action runs on every matching event), DECLARE … CURSOR FOR, and CREATE TABLE … AS.
 */
final class NestingGrammar {

  private NestingGrammar() {}

  static Exact explain(TokenCursor c, Exact.Nested nested) {
    c.advance();
    boolean analyze = false;
    if (c.is(TokenType.LPAREN)) {
      int open = c.pos();
      if (!c.skipParens()) {
        return null;
      }
      for (int i = open; i < c.pos(); i++) {
        String w = c.lowerAt(i);
        analyze |= w.equals("analyze") || w.equals("analyse");
      }
    } else {
      analyze = c.accept("analyze") || c.accept("analyse");
      c.accept("verbose");
    }
    if (c.atEnd() || !c.restIsBalanced()) {
      return null;
    }
    Exact e = new Exact("ExplainStmt");
    if (analyze) {
      e.absorb(nested.analyse(c.pos(), c.size()), "ExplainStmt(ANALYZE)", true);
    }
    return e;
  }

  static Exact prepare(TokenCursor c, Exact.Nested nested) {
    c.advance();
    if (c.isWord("transaction")) {
      return c.peek(1) != null && c.peek(1).type() == TokenType.STRING && c.size() == 3
          ? new Exact("TransactionStmt")
          : null;
    }
    if (!c.isName()) {
      return null;
    }
    c.advance();
    if (c.is(TokenType.LPAREN) && !c.skipParens()) {
      return null;
    }
    if (!c.accept("as") || c.atEnd()) {
      return null;
    }
    Exact e = new Exact("PrepareStmt");
    e.absorb(nested.analyse(c.pos(), c.size()), "PrepareStmt", true);
    return e;
  }

  static Exact declare(TokenCursor c, Exact.Nested nested) {
    int cursor = c.findTopLevel("cursor");
    if (cursor < 0) {
      return null;
    }
    c.seek(cursor + 1);
    int forAt = c.findTopLevel("for");
    if (forAt < 0 || forAt + 1 >= c.size()) {
      return null;
    }
    Exact e = new Exact("DeclareCursorStmt");
    e.absorb(nested.analyse(forAt + 1, c.size()), "DeclareCursorStmt > Query", true);
    return e;
  }

  /** CREATE [OR REPLACE] RULE name AS ON event TO table [WHERE …] DO [ALSO|INSTEAD] actions. */
  static Exact rule(TokenCursor c, Exact.Nested nested) {
    int doAt = c.findTopLevel("do");
    if (doAt < 0 || !c.restIsBalanced()) {
      return null;
    }
    c.seek(doAt + 1);
    if (!c.accept("also")) {
      c.accept("instead");
    }
    Exact e = new Exact("RuleStmt");
    if (c.accept("nothing")) {
      return c.atEnd() ? e : null;
    }
    if (c.is(TokenType.LPAREN) && c.tokens().get(c.size() - 1).type() == TokenType.RPAREN) {
      int from = c.pos() + 1;
      int end = c.size() - 1;
      for (int i = from; i <= end; i++) {
        if (i == end || c.tokens().get(i).type() == TokenType.SEMICOLON) {
          if (i > from) {
            e.absorb(nested.analyse(from, i), "RuleStmt > Actions", true);
          }
          from = i + 1;
        }
      }
      return e;
    }
    if (c.atEnd()) {
      return null;
    }
    e.absorb(nested.analyse(c.pos(), c.size()), "RuleStmt > Actions", true);
    return e;
  }

  /**
   * CREATE [TEMP|UNLOGGED …] TABLE [IF NOT EXISTS] name …: with a top-level AS it is CREATE TABLE
   * AS (VETRO-084, query judged); without, a plain CREATE TABLE whose name is remembered so a
   * CREATE INDEX on it in the same request is not VETRO-020.
   */
  static Exact createTable(TokenCursor c, Exact.Nested nested) {
    c.advance();
    boolean temporary = false;
    while (c.isAnyWord("temp", "temporary", "unlogged", "global", "local")) {
      temporary |= c.isAnyWord("temp", "temporary");
      c.advance();
    }
    if (!c.accept("table")) {
      return null;
    }
    c.acceptAll("if", "not", "exists");
    String name = c.qualifiedName();
    if (name == null || !c.restIsBalanced()) {
      return null;
    }
    temporary |= name.toLowerCase(java.util.Locale.ROOT).startsWith("pg_temp.");
    int as = c.findTopLevel("as");
    if (as < 0) {
      Exact e = new Exact("CreateStmt");
      e.created.add(lastPart(name));
      if (temporary) {
        e.created.add(StatementAnalysis.TEMP_TABLE_MARK + lastPart(name));
      }
      return e;
    }
    int end = c.size();
    // trailing WITH [NO] DATA belongs to CREATE TABLE AS, not to the query
    if (end - as > 2 && c.tokens().get(end - 1).isWord(c.sql(), "data")) {
      end -= c.tokens().get(end - 2).isWord(c.sql(), "no") ? 3 : 2;
    }
    Exact e =
        new Exact("CreateTableAsStmt").finding(RuleCodes.CREATE_TABLE_AS, "CreateTableAsStmt");
    e.created.add(lastPart(name));
    if (temporary) {
      e.created.add(StatementAnalysis.TEMP_TABLE_MARK + lastPart(name));
    }
    if (as + 1 < end) {
      e.absorb(nested.analyse(as + 1, end), "CreateTableAsStmt > Query", true);
    }
    return e;
  }

  private static String lastPart(String qualified) {
    int dot = qualified.lastIndexOf('.');
    return dot < 0 ? qualified : qualified.substring(dot + 1);
  }
}
