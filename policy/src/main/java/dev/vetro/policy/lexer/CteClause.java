package dev.vetro.policy.lexer;

/**
 * The structure of a WITH clause, read from tokens: {@code WITH [RECURSIVE] name [(cols)] AS [[NOT]
 * MATERIALIZED] (query) [SEARCH ...] [CYCLE ...], ...}.
 */
final class CteClause {

  private CteClause() {}

  /**
   * Index of the statement the WITH at {@code with} introduces (its SELECT, INSERT, ..., or a '('),
   * or -1 if the clause does not have that shape.
   */
  static int mainStatement(Words w, int with) {
    int i = with + 1;
    if (w.is(i, "recursive")) {
      i++;
    }
    while (i < w.size) {
      int afterName = cteBody(w, i);
      if (afterName < 0) {
        return -1;
      }
      i = afterName;
      // SEARCH ... BY cols SET col / CYCLE cols SET col [TO v DEFAULT v] USING col
      while (w.isAny(i, "search", "cycle")) {
        boolean cycle = w.is(i, "cycle");
        int set = i;
        while (set < w.size && !w.is(set, "set")) {
          set++;
        }
        i = set + 2;
        if (cycle) {
          // [TO value DEFAULT value] USING col; values may be typed literals.
          while (i < w.size && !w.is(i, "using")) {
            i++;
          }
          i += 2;
        }
      }
      if (w.isType(i, TokenType.COMMA)) {
        i++;
        continue;
      }
      return i < w.size ? i : -1;
    }
    return -1;
  }

  /**
   * If {@code name} starts {@code name [(cols)] AS [[NOT] MATERIALIZED] ( ... )}, returns the index
   * after the body; else -1. Used to tell a CTE column list from a function call.
   */
  static int cteBody(Words w, int name) {
    TokenType type = w.type(name);
    if (type != TokenType.IDENT && type != TokenType.QUOTED_IDENT) {
      return -1;
    }
    int i = name + 1;
    if (w.isType(i, TokenType.LPAREN)) {
      i = w.skipParens(i);
    }
    if (!w.is(i, "as")) {
      return -1;
    }
    i++;
    if (w.is(i, "not")) {
      i++;
    }
    if (w.is(i, "materialized")) {
      i++;
    }
    if (!w.isType(i, TokenType.LPAREN)) {
      return -1;
    }
    return w.skipParens(i);
  }
}
