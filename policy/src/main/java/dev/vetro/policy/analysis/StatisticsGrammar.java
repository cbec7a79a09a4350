package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;

/**
 * CREATE STATISTICS [IF NOT EXISTS] [name] [(kinds)] ON item [, …] FROM table per gram.y, items
 * being columns, function calls or parenthesised expressions. Extended statistics are read by
 * ANALYZE, not here; function calls in expressions are covered by the token scan.
 */
final class StatisticsGrammar {

  private StatisticsGrammar() {}

  /** The cursor stands on CREATE followed by STATISTICS. */
  static Exact create(TokenCursor c) {
    c.advance();
    c.advance();
    c.acceptAll("if", "not", "exists");
    if (!c.isWord("on") && c.qualifiedName() == null) {
      return null;
    }
    if (c.is(TokenType.LPAREN) && !DdlShapes.nameList(c)) {
      return null;
    }
    if (!c.accept("on")) {
      return null;
    }
    do {
      if (c.is(TokenType.LPAREN)) {
        if (!c.skipParens()) {
          return null;
        }
      } else if (c.qualifiedName() == null || c.is(TokenType.LPAREN) && !c.skipParens()) {
        return null;
      }
    } while (c.accept(TokenType.COMMA));
    if (!c.accept("from") || c.qualifiedName() == null) {
      return null;
    }
    return c.atEnd() ? new Exact("CreateStatsStmt") : null;
  }
}
