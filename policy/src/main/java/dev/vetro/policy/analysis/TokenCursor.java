package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import java.util.List;
import java.util.Locale;

/**
 * A read position over one statement's tokens for the small exact grammars. Keywords are unquoted
 * identifiers compared case-insensitively, exactly as PostgreSQL's grammar sees them.
 */
final class TokenCursor {

  private final String sql;
  private final List<Token> tokens;
  private int pos;

  TokenCursor(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  String sql() {
    return sql;
  }

  List<Token> tokens() {
    return tokens;
  }

  int pos() {
    return pos;
  }

  void seek(int p) {
    pos = p;
  }

  int size() {
    return tokens.size();
  }

  boolean atEnd() {
    return pos >= tokens.size();
  }

  Token peek() {
    return atEnd() ? null : tokens.get(pos);
  }

  Token peek(int ahead) {
    int i = pos + ahead;
    return i < tokens.size() ? tokens.get(i) : null;
  }

  TokenType type() {
    return atEnd() ? null : tokens.get(pos).type();
  }

  String text() {
    return atEnd() ? "" : tokens.get(pos).text(sql);
  }

  /** Lower-cased text of an unquoted identifier; the raw text otherwise. */
  String lower() {
    return atEnd() ? "" : lowerAt(pos);
  }

  String lowerAt(int i) {
    Token t = tokens.get(i);
    String s = t.text(sql);
    return t.type() == TokenType.IDENT ? s.toLowerCase(Locale.ROOT) : s;
  }

  boolean isWord(String w) {
    return !atEnd() && tokens.get(pos).isWord(sql, w);
  }

  boolean isWordAt(int ahead, String w) {
    Token t = peek(ahead);
    return t != null && t.isWord(sql, w);
  }

  boolean isAnyWord(String... ws) {
    for (String w : ws) {
      if (isWord(w)) {
        return true;
      }
    }
    return false;
  }

  boolean accept(String w) {
    if (isWord(w)) {
      pos++;
      return true;
    }
    return false;
  }

  /** Accepts a sequence of keywords only if all of them follow. */
  boolean acceptAll(String... ws) {
    for (int i = 0; i < ws.length; i++) {
      if (!isWordAt(i, ws[i])) {
        return false;
      }
    }
    pos += ws.length;
    return true;
  }

  boolean is(TokenType type) {
    return !atEnd() && tokens.get(pos).type() == type;
  }

  boolean accept(TokenType type) {
    if (is(type)) {
      pos++;
      return true;
    }
    return false;
  }

  void advance() {
    pos++;
  }

  /** An identifier of either quoting: names, not keywords. */
  boolean isName() {
    return is(TokenType.IDENT) || is(TokenType.QUOTED_IDENT);
  }

  /**
   * Reads a possibly qualified name ({@code a.b.c}) and returns it normalised the way PostgreSQL
   * folds it: unquoted parts lower-cased, quoted parts verbatim. Null if no name is here.
   */
  String qualifiedName() {
    if (!isName()) {
      return null;
    }
    StringBuilder b = new StringBuilder(name());
    while (is(TokenType.DOT)
        && peek(1) != null
        && (peek(1).type() == TokenType.IDENT || peek(1).type() == TokenType.QUOTED_IDENT)) {
      pos++;
      b.append('.').append(name());
    }
    return b.toString();
  }

  private String name() {
    Token t = tokens.get(pos++);
    String s = t.text(sql);
    if (t.type() == TokenType.QUOTED_IDENT && s.length() >= 2 && s.charAt(0) == '"') {
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /** Skips a parenthesised group starting at the current LPAREN; false if unbalanced. */
  boolean skipParens() {
    if (!is(TokenType.LPAREN)) {
      return false;
    }
    int depth = 0;
    while (!atEnd()) {
      TokenType t = type();
      pos++;
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  /** True when every parenthesis from here to the end is balanced and no ERROR token occurs. */
  boolean restIsBalanced() {
    int depth = 0;
    for (int i = pos; i < tokens.size(); i++) {
      TokenType t = tokens.get(i).type();
      if (t == TokenType.ERROR) {
        return false;
      } else if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** Index of the next keyword {@code w} at parenthesis depth 0 from here, or -1. */
  int findTopLevel(String w) {
    int depth = 0;
    for (int i = pos; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.type() == TokenType.LPAREN) {
        depth++;
      } else if (t.type() == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && t.isWord(sql, w)) {
        return i;
      }
    }
    return -1;
  }
}
