package dev.vetro.policy.lexer;

/** One token as a span {@code [start, end)} of the original SQL text. */
public record Token(TokenType type, int start, int end) {

  public String text(String sql) {
    return sql.substring(start, end);
  }

  public int length() {
    return end - start;
  }

  /** True for an unquoted identifier equal to {@code word} ignoring ASCII case. */
  public boolean isWord(String sql, String word) {
    return type == TokenType.IDENT
        && end - start == word.length()
        && sql.regionMatches(true, start, word, 0, word.length());
  }
}
