package dev.vetro.policy.lexer;

/**
 * Where a statement holds another one, as token indexes {@code [start, end)}: EXPLAIN [options]
 * stmt, PREPARE name [(types)] AS stmt, DECLARE c ... FOR stmt, CREATE RULE ... DO [ALSO|INSTEAD]
 * stmt | (stmt; ...), COPY (stmt) TO, CREATE TABLE / MATERIALIZED VIEW ... AS stmt [WITH [NO]
 * DATA], CREATE VIEW ... AS stmt [WITH CHECK OPTION].
 */
final class NestedStatements {

  private NestedStatements() {}

  /** Packs start and end token indexes; -1 when there is no nested statement. */
  static long find(Words w, String kind) {
    int start;
    int end = w.size;
    switch (kind) {
      case "ExplainStmt" -> start = afterExplainOptions(w);
      case "PrepareStmt" -> start = after(w.findTopLevel(1, "as"));
      case "DeclareCursorStmt" -> start = after(w.findTopLevel(1, "for"));
      case "CreateTableAsStmt" -> {
        start = after(w.findTopLevel(1, "as"));
        end = beforeTrailingWithData(w);
      }
      case "ViewStmt" -> {
        start = after(w.findTopLevel(1, "as"));
        end = beforeTrailingCheckOption(w);
      }
      case "CopyStmt" -> {
        if (!w.isType(1, TokenType.LPAREN)) {
          return -1;
        }
        start = 2;
        end = w.skipParens(1) - 1;
      }
      case "RuleStmt" -> {
        start = after(w.findTopLevel(1, "do"));
        if (start < 0) {
          return -1;
        }
        if (w.isAny(start, "also", "instead")) {
          start++;
        }
        if (w.is(start, "nothing")) {
          return -1;
        }
        if (w.isType(start, TokenType.LPAREN)) {
          int close = w.skipParens(start) - 1;
          start++;
          end = firstTopLevelSemicolon(w, start, close);
        }
      }
      default -> {
        return -1;
      }
    }
    if (start < 0 || start >= end || end > w.size) {
      return -1;
    }
    return ((long) start << 32) | end;
  }

  static boolean explainAnalyzes(Words w) {
    if (w.isAny(1, "analyze", "analyse")) {
      return true;
    }
    if (!w.isType(1, TokenType.LPAREN)) {
      return false;
    }
    int close = w.skipParens(1) - 1;
    for (int i = 2; i < close; i++) {
      if (w.isAny(i, "analyze", "analyse")
          && (w.isType(i - 1, TokenType.LPAREN) || w.isType(i - 1, TokenType.COMMA))) {
        boolean off =
            w.isAny(i + 1, "false", "off")
                || w.isType(i + 1, TokenType.NUMBER) && w.text(i + 1).equals("0");
        if (!off) {
          return true;
        }
      }
    }
    return false;
  }

  private static int afterExplainOptions(Words w) {
    int i = 1;
    if (w.isType(i, TokenType.LPAREN)) {
      return w.skipParens(i);
    }
    while (w.isAny(i, "analyze", "analyse", "verbose")) {
      i++;
    }
    return i;
  }

  private static int after(int index) {
    return index < 0 ? -1 : index + 1;
  }

  private static int beforeTrailingWithData(Words w) {
    int n = w.size;
    if (n >= 2 && w.is(n - 1, "data")) {
      if (w.is(n - 2, "with")) {
        return n - 2;
      }
      if (n >= 3 && w.is(n - 2, "no") && w.is(n - 3, "with")) {
        return n - 3;
      }
    }
    return n;
  }

  private static int beforeTrailingCheckOption(Words w) {
    int n = w.size;
    if (n >= 3 && w.is(n - 1, "option") && w.is(n - 2, "check")) {
      int k = n - 3;
      if (w.isAny(k, "cascaded", "local")) {
        k--;
      }
      return w.is(k, "with") ? k : n;
    }
    return n;
  }

  private static int firstTopLevelSemicolon(Words w, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      TokenType type = w.t.type(i);
      if (type == TokenType.LPAREN) {
        depth++;
      } else if (type == TokenType.RPAREN) {
        depth--;
      } else if (type == TokenType.SEMICOLON && depth == 0) {
        return i;
      }
    }
    return to;
  }
}
