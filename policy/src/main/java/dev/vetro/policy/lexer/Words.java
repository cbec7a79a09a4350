package dev.vetro.policy.lexer;

/**
 * Read-only view of a statement's tokens for the classifier: keyword tests without allocating, and
 * the few structural skips (balanced parentheses, qualified names) that PostgreSQL's grammar makes
 * necessary.
 */
final class Words {

  final String sql;
  final TokenList t;
  final int size;

  Words(String sql, TokenList tokens) {
    this.sql = sql;
    this.t = tokens;
    this.size = tokens.size();
  }

  TokenType type(int i) {
    return i < size ? t.type(i) : null;
  }

  boolean is(int i, String word) {
    return i < size && Statements.is(sql, t, i, word);
  }

  boolean isAny(int i, String... words) {
    for (String w : words) {
      if (is(i, w)) {
        return true;
      }
    }
    return false;
  }

  boolean isType(int i, TokenType type) {
    return i < size && t.type(i) == type;
  }

  /** Lower-cased text of an IDENT, or "" for anything else. */
  String word(int i) {
    if (i >= size || t.type(i) != TokenType.IDENT) {
      return "";
    }
    return sql.substring(t.start(i), t.end(i)).toLowerCase(java.util.Locale.ROOT);
  }

  String text(int i) {
    return sql.substring(t.start(i), t.end(i));
  }

  /** Index just past the parenthesised group opening at {@code i} (or {@code size}). */
  int skipParens(int i) {
    int depth = 0;
    for (int k = i; k < size; k++) {
      TokenType type = t.type(k);
      if (type == TokenType.LPAREN) {
        depth++;
      } else if (type == TokenType.RPAREN) {
        depth--;
        if (depth == 0) {
          return k + 1;
        }
      }
    }
    return size;
  }

  /** First index >= {@code from} of {@code word} at parenthesis depth 0, or -1. */
  int findTopLevel(int from, String word) {
    int depth = 0;
    for (int k = from; k < size; k++) {
      TokenType type = t.type(k);
      if (type == TokenType.LPAREN) {
        depth++;
      } else if (type == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && is(k, word)) {
        return k;
      }
    }
    return -1;
  }

  /** Skips IF [NOT] EXISTS and ONLY. */
  int skipIfExists(int i) {
    if (is(i, "if")) {
      i++;
      if (is(i, "not")) {
        i++;
      }
      if (is(i, "exists")) {
        i++;
      }
    }
    if (is(i, "only")) {
      i++;
    }
    return i;
  }

  /**
   * Skips an object name as ALTER/COMMENT/DROP spell it: a dotted name (or operator symbol), an
   * optional '*', an optional argument list, then {@code ON table} (triggers, rules, policies) or
   * {@code USING method} (operator classes and families).
   */
  int skipObjectName(int i) {
    i = skipIfExists(i);
    if (i < size && isNamePart(i)) {
      i++;
      while (isType(i, TokenType.DOT) && i + 1 < size && isNamePart(i + 1)) {
        i += 2;
      }
    }
    if (isType(i, TokenType.OPERATOR) && text(i).equals("*")) {
      i++;
    }
    if (isType(i, TokenType.LPAREN)) {
      i = skipParens(i);
    }
    if (is(i, "on") || is(i, "using")) {
      i++;
      if (i < size && isNamePart(i)) {
        i++;
        while (isType(i, TokenType.DOT) && i + 1 < size && isNamePart(i + 1)) {
          i += 2;
        }
      }
    }
    return i;
  }

  private boolean isNamePart(int i) {
    TokenType type = t.type(i);
    return type == TokenType.IDENT
        || type == TokenType.QUOTED_IDENT
        || type == TokenType.OPERATOR
        || type == TokenType.NUMBER
        || type == TokenType.STRING;
  }
}
