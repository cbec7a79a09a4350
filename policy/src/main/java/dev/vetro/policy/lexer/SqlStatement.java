package dev.vetro.policy.lexer;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a (possibly multi-statement) SQL text. {@code sql} is the WHOLE input so token
 * offsets stay valid; {@code [start, end)} spans the statement from its first to its last token
 * (leading comments and the terminating ';' excluded). {@code line}/{@code column} are 1-based and
 * point at {@code start}.
 */
public record SqlStatement(
    String sql, int start, int end, int line, int column, List<Token> tokens) {

  public SqlStatement {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(tokens, "tokens");
    if (start < 0 || end < start || end > sql.length()) {
      throw new IllegalArgumentException(
          "span [" + start + ", " + end + ") outside input of " + sql.length());
    }
  }

  public String text() {
    return sql.substring(start, end);
  }

  /** The tokens with the packed accessors (type(i), start(i), end(i)). */
  public TokenList tokenList() {
    return TokenList.of(tokens);
  }

  /** True when the server's scanner would reject this statement's text. */
  public boolean hasLexError() {
    TokenList t = tokenList();
    for (int i = 0; i < t.size(); i++) {
      if (t.type(i) == TokenType.ERROR) {
        return true;
      }
    }
    return false;
  }

  /** Text of token {@code i}. */
  public String tokenText(int i) {
    TokenList t = tokenList();
    return sql.substring(t.start(i), t.end(i));
  }
}
