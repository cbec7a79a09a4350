package dev.vetro.policy.lexer;

/** Character classes of PostgreSQL's scan.l, over UTF-16 chars (any char >= 0x80 is a letter). */
final class Chars {

  private Chars() {}

  /** scan.l {@code space}: PostgreSQL 15 does not count \v (16 does). */
  static boolean pgSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  static boolean newline(char c) {
    return c == '\n' || c == '\r';
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean identStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  /** scan.l {@code ident_cont}: '$' may continue an identifier, so {@code a$b$} is one name. */
  static boolean identCont(char c) {
    return identStart(c) || digit(c) || c == '$';
  }

  /** scan.l {@code dolq_cont}: like ident_cont without '$'. */
  static boolean dollarTagCont(char c) {
    return identStart(c) || digit(c);
  }

  /** scan.l {@code op_chars}. */
  static boolean pgOpChar(char c) {
    switch (c) {
      case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=':
        return true;
      default:
        return false;
    }
  }

  /** Chars that make a trailing +/- legal in a multi-char operator (scan.l operator rule). */
  static boolean pgNonSqlOpChar(char c) {
    switch (c) {
      case '~', '!', '@', '#', '^', '&', '|', '`', '?', '%':
        return true;
      default:
        return false;
    }
  }

  static boolean hexDigit(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
