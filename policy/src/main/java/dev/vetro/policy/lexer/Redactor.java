package dev.vetro.policy.lexer;

/**
 * Statement text safe to log or send in an event: every string literal (including dollar quotes,
 * E/U&amp;/B/X/N strings and MySQL double-quoted strings) becomes {@code '?'}, every number {@code
 * ?}, text the scanner rejected (e.g. an unterminated string, which may be a half-typed password)
 * {@code ?}, and comments disappear (they can hold anything). Original spacing between tokens is
 * kept where it was only whitespace, so the result stays readable.
 */
public final class Redactor {

  private Redactor() {}

  public static String redact(SqlStatement statement) {
    return redact(statement.sql(), statement.tokenList());
  }

  /** Redacts a whole (possibly multi-statement) text. */
  public static String redact(String sql, LexOptions options) {
    return redact(sql, Lexer.tokenize(sql, options));
  }

  private static String redact(String sql, TokenList t) {
    StringBuilder b = new StringBuilder(t.size() == 0 ? 0 : t.end(t.size() - 1) - t.start(0));
    for (int i = 0; i < t.size(); i++) {
      if (i > 0) {
        appendGap(b, sql, t.end(i - 1), t.start(i));
      }
      switch (t.type(i)) {
        case STRING -> b.append("'?'");
        case NUMBER, ERROR -> b.append('?');
        default -> b.append(sql, t.start(i), t.end(i));
      }
    }
    return b.toString();
  }

  /** Keeps pure whitespace; anything else between tokens was a comment and becomes one space. */
  private static void appendGap(StringBuilder b, String sql, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = sql.charAt(k);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B) {
        b.append(' ');
        return;
      }
    }
    b.append(sql, from, to);
  }
}
