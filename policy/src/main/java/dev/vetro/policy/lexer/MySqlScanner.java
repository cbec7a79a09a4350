package dev.vetro.policy.lexer;

import static dev.vetro.policy.lexer.Chars.digit;
import static dev.vetro.policy.lexer.Chars.newline;

/**
 * MySQL 8's lexer rules (sql/sql_lex.cc) that decide what is code and what is not: {@code #}
 * comments, {@code -- } only when followed by a space or control char, non-nesting block comments,
 * executable comments {@code /*! ... *}{@code /} whose content IS code, backslash escapes and
 * doubled quotes in both {@code '} and {@code "} strings, backtick identifiers, identifiers that
 * start with digits, {@code ?} placeholders.
 */
final class MySqlScanner {

  private static final String[] OPERATORS = {
    "<=>", "->>", "<<", ">>", "<=", ">=", "<>", "!=", ":=", "&&", "||", "->"
  };

  private final String s;
  private final int n;
  private final boolean backslashEscapes;
  private final boolean keepComments;
  private final TokenList out;
  private boolean inExecutableComment;

  MySqlScanner(String sql, boolean noBackslashEscapes, boolean keepComments) {
    this.s = sql;
    this.n = sql.length();
    this.backslashEscapes = !noBackslashEscapes;
    this.keepComments = keepComments;
    this.out = new TokenList(n / 4);
  }

  TokenList run() {
    int i = 0;
    while (i < n) {
      i = next(i);
    }
    return out;
  }

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private static boolean identChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || digit(c)
        || c == '_'
        || c == '$'
        || c >= 0x80;
  }

  private int next(int i) {
    char c = s.charAt(i);
    char d = i + 1 < n ? s.charAt(i + 1) : '\0';
    if (space(c)) {
      return i + 1;
    }
    if (c == '#') {
      return lineComment(i);
    }
    if (c == '-' && d == '-' && (i + 2 >= n || s.charAt(i + 2) <= ' ')) {
      return lineComment(i);
    }
    if (c == '/' && d == '*') {
      return blockComment(i);
    }
    if (c == '*' && d == '/' && inExecutableComment) {
      inExecutableComment = false;
      return i + 2;
    }
    switch (c) {
      case '\'', '"':
        return quoted(i, i + 1, c, backslashEscapes);
      case '`':
        return backtick(i);
      case '(':
        return emit(TokenType.LPAREN, i, i + 1);
      case ')':
        return emit(TokenType.RPAREN, i, i + 1);
      case ',':
        return emit(TokenType.COMMA, i, i + 1);
      case ';':
        return emit(TokenType.SEMICOLON, i, i + 1);
      case '?':
        return emit(TokenType.PARAM, i, i + 1);
      case '.':
        if (digit(d)) {
          return number(i, i);
        }
        return emit(TokenType.DOT, i, i + 1);
      default:
        break;
    }
    if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && d == '\'') {
      return quoted(i, i + 2, '\'', false);
    }
    if ((c == 'n' || c == 'N') && d == '\'') {
      return quoted(i, i + 2, '\'', backslashEscapes);
    }
    if (identChar(c)) {
      return wordOrNumber(i);
    }
    for (String op : OPERATORS) {
      if (s.startsWith(op, i)) {
        return emit(TokenType.OPERATOR, i, i + op.length());
      }
    }
    if (c == ':') {
      return emit(TokenType.COLON, i, i + 1);
    }
    if ("+-*/%=<>!~^&|@".indexOf(c) >= 0) {
      return emit(TokenType.OPERATOR, i, i + 1);
    }
    return emit(TokenType.OTHER, i, i + 1);
  }

  private int emit(TokenType type, int start, int end) {
    out.add(type, start, end);
    return end;
  }

  private int lineComment(int i) {
    int j = i + 1;
    while (j < n && !newline(s.charAt(j))) {
      j++;
    }
    if (keepComments) {
      out.add(TokenType.COMMENT, i, j);
    }
    return j;
  }

  /**
   * {@code /*!} (optionally with a version number) opens code, not a comment; its {@code *}{@code
   * /} is then skipped. The version is ignored on purpose: reading code the server might skip can
   * only make us stricter, never blind.
   */
  private int blockComment(int i) {
    if (i + 2 < n && s.charAt(i + 2) == '!') {
      int j = i + 3;
      while (j < n && j < i + 9 && digit(s.charAt(j))) {
        j++;
      }
      inExecutableComment = true;
      return j;
    }
    int close = s.indexOf("*/", i + 2);
    if (close < 0) {
      return emit(TokenType.ERROR, i, n);
    }
    if (keepComments) {
      out.add(TokenType.COMMENT, i, close + 2);
    }
    return close + 2;
  }

  private int quoted(int start, int body, char quote, boolean escapes) {
    int j = body;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\' && escapes) {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < n && s.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return emit(TokenType.STRING, start, j + 1);
      } else {
        j++;
      }
    }
    return emit(TokenType.ERROR, start, n);
  }

  private int backtick(int i) {
    int j = i + 1;
    while (j < n) {
      if (s.charAt(j) == '`') {
        if (j + 1 < n && s.charAt(j + 1) == '`') {
          j += 2;
          continue;
        }
        return emit(TokenType.QUOTED_IDENT, i, j + 1);
      }
      j++;
    }
    return emit(TokenType.ERROR, i, n);
  }

  /**
   * MySQL identifiers may start with digits ({@code 1abc} is a name), so read the whole run of
   * identifier chars first and call it a number only if it is one: digits, 0x.., 0b.., or digits
   * followed by an exponent.
   */
  private int wordOrNumber(int i) {
    int j = i;
    while (j < n && identChar(s.charAt(j))) {
      j++;
    }
    if (!digit(s.charAt(i))) {
      return emit(TokenType.IDENT, i, j);
    }
    if (allDigits(i, j)) {
      return number(i, j);
    }
    if (j - i > 2 && s.charAt(i) == '0') {
      char x = s.charAt(i + 1);
      if ((x == 'x' || x == 'X') && all(i + 2, j, true)
          || (x == 'b' || x == 'B') && all(i + 2, j, false)) {
        return emit(TokenType.NUMBER, i, j);
      }
    }
    char last = s.charAt(j - 1);
    if ((last == 'e' || last == 'E')
        && allDigits(i, j - 1)
        && j + 1 < n
        && (s.charAt(j) == '+' || s.charAt(j) == '-')
        && digit(s.charAt(j + 1))) {
      int k = j + 1;
      while (k < n && digit(s.charAt(k))) {
        k++;
      }
      return emit(TokenType.NUMBER, i, k);
    }
    int e = i;
    while (digit(s.charAt(e))) {
      e++;
    }
    if ((s.charAt(e) == 'e' || s.charAt(e) == 'E') && e + 1 < j && allDigits(e + 1, j)) {
      return emit(TokenType.NUMBER, i, j);
    }
    return emit(TokenType.IDENT, i, j);
  }

  /** Digits already read up to {@code j}; continue with a fraction and exponent. */
  private int number(int i, int j) {
    if (j < n && s.charAt(j) == '.') {
      j++;
      while (j < n && digit(s.charAt(j))) {
        j++;
      }
    }
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      if (k < n && digit(s.charAt(k))) {
        while (k < n && digit(s.charAt(k))) {
          k++;
        }
        j = k;
      }
    }
    return emit(TokenType.NUMBER, i, j);
  }

  private boolean allDigits(int from, int to) {
    for (int k = from; k < to; k++) {
      if (!digit(s.charAt(k))) {
        return false;
      }
    }
    return to > from;
  }

  private boolean all(int from, int to, boolean hex) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (hex ? !Chars.hexDigit(c) : (c != '0' && c != '1')) {
        return false;
      }
    }
    return to > from;
  }
}
