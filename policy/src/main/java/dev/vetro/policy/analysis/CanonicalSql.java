package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import java.util.List;

/**
 * Rewrites one statement, from the PostgreSQL-exact lexer's tokens, into text JSqlParser cannot
 * read differently from the server. This is the defence against parser differentials: JSqlParser
 * never sees a comment (nested {@code /* /* *\/ *\/} comments are gone), never decides where a
 * string ends (E'', U&'', dollar quotes, MySQL backslash escapes and double-quoted strings all
 * become a standard {@code '…'} literal), and never splits statements.
 *
 * <p>Strings that are not already standard literals become a standard literal of their raw token
 * text. Equal raw text implies equal value, so a tautology found on the canonical text is real; the
 * reverse may miss one ({@code 'a' = E'a'}), which only loses a finding, never invents one.
 */
final class CanonicalSql {

  private CanonicalSql() {}

  /** Null when a token makes the statement unparsable for JSqlParser by construction. */
  static String of(String sql, List<Token> tokens, boolean backslashEscapes) {
    StringBuilder b = new StringBuilder(sql.length() + 16);
    int prevEnd = -1;
    Token prev = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.type() == TokenType.COMMENT) {
        continue;
      }
      if (t.type() == TokenType.ERROR || t.type() == TokenType.OTHER) {
        return null;
      }
      if (isOnly(sql, t, prev, tokens, i)) {
        continue; // inheritance scope does not change what a rule judges; JSqlParser rejects it
      }
      if (prevEnd >= 0 && t.start() > prevEnd) {
        b.append(' ');
      }
      appendToken(b, sql, t, backslashEscapes);
      prevEnd = t.end();
      prev = t;
    }
    return b.toString();
  }

  private static boolean isOnly(String sql, Token t, Token prev, List<Token> tokens, int i) {
    if (prev == null || !t.isWord(sql, "only") || i + 1 >= tokens.size()) {
      return false;
    }
    Token next = tokens.get(i + 1);
    boolean nameFollows =
        next.type() == TokenType.IDENT
            || next.type() == TokenType.QUOTED_IDENT
            || next.type() == TokenType.LPAREN;
    return nameFollows
        && (prev.isWord(sql, "from")
            || prev.isWord(sql, "update")
            || prev.isWord(sql, "join")
            || prev.isWord(sql, "into")
            || prev.isWord(sql, "table")
            || prev.isWord(sql, "using")
            || prev.type() == TokenType.COMMA);
  }

  private static void appendToken(StringBuilder b, String sql, Token t, boolean backslashEscapes) {
    String text = t.text(sql);
    switch (t.type()) {
      case STRING -> {
        if (isStandardLiteral(text, backslashEscapes)) {
          b.append(text);
        } else {
          b.append('\'').append(text.replace("'", "''")).append('\'');
        }
      }
      case QUOTED_IDENT -> {
        if (text.startsWith("`")) {
          String inner = text.substring(1, text.length() - 1).replace("``", "`");
          b.append('"').append(inner.replace("\"", "\"\"")).append('"');
        } else {
          b.append(text);
        }
      }
      default -> b.append(text);
    }
  }

  /**
   * A plain {@code '…'} whose only escape is {@code ''}, which JSqlParser reads as the server does.
   */
  private static boolean isStandardLiteral(String text, boolean backslashEscapes) {
    if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'') {
      return false;
    }
    return !backslashEscapes || text.indexOf('\\') < 0;
  }
}
