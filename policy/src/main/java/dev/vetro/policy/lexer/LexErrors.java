package dev.vetro.policy.lexer;

/** Precise messages for {@link TokenType#ERROR} tokens, worded like PostgreSQL's scanner. */
public final class LexErrors {

  private LexErrors() {}

  public static String describe(String sql, Token error) {
    if (error.type() != TokenType.ERROR) {
      throw new IllegalArgumentException("not an ERROR token: " + error);
    }
    int p = error.start();
    char c = sql.charAt(p);
    char d = p + 1 < sql.length() ? sql.charAt(p + 1) : '\0';
    String what;
    if (c == '/' && d == '*') {
      what = "unterminated /* comment";
    } else if (c == '$') {
      what = Chars.digit(d) ? "trailing junk after parameter" : "unterminated dollar-quoted string";
    } else if (Chars.digit(c) || c == '.') {
      what = "trailing junk after numeric literal";
    } else if (c == '`') {
      what = "unterminated quoted identifier";
    } else if (c == '"' || (d == '&' && p + 2 < sql.length() && sql.charAt(p + 2) == '"')) {
      String text = error.text(sql);
      what =
          text.equals("\"\"") || text.equalsIgnoreCase("u&\"\"")
              ? "zero-length delimited identifier"
              : "unterminated quoted identifier";
    } else if ((c == 'u' || c == 'U') && d == '&') {
      what =
          error.end() == sql.length() && !closedString(sql, error)
              ? "unterminated quoted string"
              : "unsafe use of string constant with Unicode escapes";
    } else if (c == 'b' || c == 'B') {
      what = "unterminated bit string literal";
    } else if (c == 'x' || c == 'X') {
      what = "unterminated hexadecimal string literal";
    } else {
      what = "unterminated quoted string";
    }
    return what + " at offset " + p;
  }

  /** Whether an ERROR token's text is a complete quoted string (rejected for another reason). */
  private static boolean closedString(String sql, Token error) {
    return error.length() >= 4
        && sql.charAt(error.end() - 1) == '\''
        && isOneString(
            Lexer.tokenize(sql.substring(error.start(), error.end()), LexOptions.POSTGRES));
  }

  private static boolean isOneString(TokenList tokens) {
    return tokens.size() == 1 && tokens.type(0) == TokenType.STRING;
  }
}
