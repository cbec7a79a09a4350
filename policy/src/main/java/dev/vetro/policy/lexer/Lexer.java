package dev.vetro.policy.lexer;

import java.util.List;
import java.util.Objects;

/**
 * Entry point of the lexer. Both methods read the text exactly as the chosen server's scanner
 * would, never throw on bad input (see {@link TokenType#ERROR}) and run in time linear in the
 * input, allocating only the packed token list.
 */
public final class Lexer {

  private Lexer() {}

  /** Tokens without comments. */
  public static TokenList tokenize(String sql, LexOptions options) {
    return scan(sql, options, false);
  }

  /** Tokens including {@link TokenType#COMMENT}s, for tools that show or keep comments. */
  public static TokenList tokenizeWithComments(String sql, LexOptions options) {
    return scan(sql, options, true);
  }

  /** Convenience for callers that only need the list interface. */
  public static List<Token> tokens(String sql, LexOptions options) {
    return tokenize(sql, options);
  }

  private static TokenList scan(String sql, LexOptions options, boolean keepComments) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(options, "options");
    if (options.dialect() == Dialect.MYSQL) {
      return new MySqlScanner(sql, options.standardConformingStrings(), keepComments).run();
    }
    return new PgScanner(sql, options.standardConformingStrings(), keepComments).run();
  }
}
