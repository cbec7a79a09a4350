package dev.vetro.policy.lexer;

import static dev.vetro.policy.lexer.Chars.digit;
import static dev.vetro.policy.lexer.Chars.identCont;
import static dev.vetro.policy.lexer.Chars.identStart;
import static dev.vetro.policy.lexer.Chars.newline;
import static dev.vetro.policy.lexer.Chars.pgSpace;

/**
 * PostgreSQL 15's scanner (src/backend/parser/scan.l) as one char loop. Each branch names the
 * scan.l rule it reproduces; where flex's longest-match would pick a different rule than a naive
 * reading, the comment says so. Never throws: what the server's scanner rejects becomes an {@link
 * TokenType#ERROR} token.
 */
final class PgScanner {

  private final String s;
  private final int n;
  private final boolean standardStrings;
  private final boolean keepComments;
  private final TokenList out;

  PgScanner(String sql, boolean standardStrings, boolean keepComments) {
    this.s = sql;
    this.n = sql.length();
    this.standardStrings = standardStrings;
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

  private int next(int i) {
    char c = s.charAt(i);
    char d = i + 1 < n ? s.charAt(i + 1) : '\0';
    if (pgSpace(c)) {
      return i + 1;
    }
    switch (c) {
      case '-':
        if (d == '-') {
          return lineComment(i);
        }
        return operator(i);
      case '/':
        if (d == '*') {
          return blockComment(i);
        }
        return operator(i);
      case '\'':
        return quoted(i, i + 1, !standardStrings, true);
      case '"':
        return quotedIdent(i, i + 1);
      case '$':
        return dollar(i);
      case '(':
        return emit(TokenType.LPAREN, i, i + 1);
      case ')':
        return emit(TokenType.RPAREN, i, i + 1);
      case '[':
        return emit(TokenType.LBRACKET, i, i + 1);
      case ']':
        return emit(TokenType.RBRACKET, i, i + 1);
      case ',':
        return emit(TokenType.COMMA, i, i + 1);
      case ';':
        return emit(TokenType.SEMICOLON, i, i + 1);
      case ':':
        if (d == ':') {
          return emit(TokenType.CAST, i, i + 2);
        }
        if (d == '=') {
          return emit(TokenType.OPERATOR, i, i + 2);
        }
        return emit(TokenType.COLON, i, i + 1);
      case '.':
        if (digit(d)) {
          return number(i);
        }
        if (d == '.') {
          return emit(TokenType.OPERATOR, i, i + 2);
        }
        return emit(TokenType.DOT, i, i + 1);
      default:
        break;
    }
    if (digit(c)) {
      return number(i);
    }
    if (identStart(c)) {
      return prefixedLiteralOrIdent(i, c, d);
    }
    if (Chars.pgOpChar(c)) {
      return operator(i);
    }
    return emit(TokenType.OTHER, i, i + 1);
  }

  private int emit(TokenType type, int start, int end) {
    out.add(type, start, end);
    return end;
  }

  /** {@code --} to end of line; the newline is whitespace, not part of the comment. */
  private int lineComment(int i) {
    int j = i + 2;
    while (j < n && !newline(s.charAt(j))) {
      j++;
    }
    if (keepComments) {
      out.add(TokenType.COMMENT, i, j);
    }
    return j;
  }

  /** Comments nest in PostgreSQL: the first {@code *}{@code /} may close an inner one only. */
  private int blockComment(int i) {
    int depth = 0;
    int j = i + 2;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '/' && j + 1 < n && s.charAt(j + 1) == '*') {
        depth++;
        j += 2;
      } else if (c == '*' && j + 1 < n && s.charAt(j + 1) == '/') {
        j += 2;
        if (depth == 0) {
          if (keepComments) {
            out.add(TokenType.COMMENT, i, j);
          }
          return j;
        }
        depth--;
      } else {
        j++;
      }
    }
    return emit(TokenType.ERROR, i, n);
  }

  /**
   * An identifier, unless it is one of the literal prefixes B' X' N' E' U&' U&" (flex prefers the
   * longer prefix match over a one-letter identifier).
   */
  private int prefixedLiteralOrIdent(int i, char c, char d) {
    if (d == '\'') {
      switch (c) {
        case 'b', 'B', 'x', 'X':
          // xb/xh have no xqdouble rule: B'1''0' is B'1' followed by '0'.
          return quoted(i, i + 2, false, false);
        case 'n', 'N':
          // xnstart: NCHAR keyword then an ordinary string, so escapes follow the GUC.
          return quoted(i, i + 2, !standardStrings, true);
        case 'e', 'E':
          return quoted(i, i + 2, true, true);
        default:
          break;
      }
    }
    if ((c == 'u' || c == 'U') && d == '&' && i + 2 < n) {
      char q = s.charAt(i + 2);
      if (q == '\'') {
        // xus: backslash is the Unicode escape char, resolved after lexing, not an escape here.
        // With standard_conforming_strings off PostgreSQL rejects U&'' outright ("unsafe use
        // of string constant with Unicode escapes").
        return standardStrings
            ? quoted(i, i + 3, false, true)
            : rejected(quoted(i, i + 3, false, true));
      }
      if (q == '"') {
        return quotedIdent(i, i + 3);
      }
    }
    int j = i + 1;
    while (j < n && identCont(s.charAt(j))) {
      j++;
    }
    return emit(TokenType.IDENT, i, j);
  }

  /**
   * A quoted string body starting at {@code body}. {@code escapes} selects xe (backslash escapes
   * the next char, whatever it is) over xq. {@code ''} is a quote; a closing quote followed by
   * whitespace containing a newline and another quote continues the SAME literal in the SAME state,
   * so {@code E'x'}\n{@code '\''} is still an escape string.
   */
  private int quoted(int start, int body, boolean escapes, boolean doubling) {
    int j = body;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\' && escapes) {
        if (j + 1 >= n) {
          break;
        }
        j += 2;
      } else if (c == '\'') {
        if (doubling && j + 1 < n && s.charAt(j + 1) == '\'') {
          j += 2;
          continue;
        }
        int resume = continuation(j + 1);
        if (resume < 0) {
          return emit(TokenType.STRING, start, j + 1);
        }
        j = resume + 1;
      } else {
        j++;
      }
    }
    return emit(TokenType.ERROR, start, n);
  }

  /**
   * scan.l {@code quotecontinue}: {@code {horiz_whitespace}*{newline}{special_whitespace}*'}.
   * Returns the index of the continuing quote, or -1. Block comments do not qualify.
   */
  private int continuation(int p) {
    while (p < n) {
      char c = s.charAt(p);
      if (c == ' ' || c == '\t' || c == '\f') {
        p++;
      } else if (c == '-' && p + 1 < n && s.charAt(p + 1) == '-') {
        p = endOfLine(p);
      } else {
        break;
      }
    }
    if (p >= n || !newline(s.charAt(p))) {
      return -1;
    }
    p++;
    while (p < n) {
      char c = s.charAt(p);
      if (pgSpace(c)) {
        p++;
      } else if (c == '-' && p + 1 < n && s.charAt(p + 1) == '-') {
        p = endOfLine(p);
        if (p >= n) {
          return -1;
        }
        p++;
      } else {
        break;
      }
    }
    return p < n && s.charAt(p) == '\'' ? p : -1;
  }

  private int endOfLine(int p) {
    while (p < n && !newline(s.charAt(p))) {
      p++;
    }
    return p;
  }

  /** Re-labels the token just emitted as an ERROR with the same span. */
  private int rejected(int end) {
    out.relabelLast(TokenType.ERROR);
    return end;
  }

  /** xd / xui: {@code ""} is a quote; an empty name is an error in PostgreSQL. */
  private int quotedIdent(int start, int body) {
    int j = body;
    while (j < n) {
      if (s.charAt(j) == '"') {
        if (j + 1 < n && s.charAt(j + 1) == '"') {
          j += 2;
          continue;
        }
        return emit(j == body ? TokenType.ERROR : TokenType.QUOTED_IDENT, start, j + 1);
      }
      j++;
    }
    return emit(TokenType.ERROR, start, n);
  }

  /** {@code $1} parameter, {@code $tag$...$tag$} dollar quote, or a lone '$' (scan.l other). */
  private int dollar(int i) {
    int j = i + 1;
    if (j < n && digit(s.charAt(j))) {
      while (j < n && digit(s.charAt(j))) {
        j++;
      }
      if (j < n && identStart(s.charAt(j))) {
        return emit(TokenType.ERROR, i, j + 1); // param_junk
      }
      return emit(TokenType.PARAM, i, j);
    }
    if (j < n && identStart(s.charAt(j))) {
      j++;
      while (j < n && Chars.dollarTagCont(s.charAt(j))) {
        j++;
      }
    }
    if (j < n && s.charAt(j) == '$') {
      String tag = s.substring(i, j + 1);
      int close = s.indexOf(tag, j + 1);
      if (close < 0) {
        return emit(TokenType.ERROR, i, n);
      }
      return emit(TokenType.STRING, i, close + tag.length());
    }
    return emit(TokenType.OTHER, i, i + 1); // dolqfailed: only the '$' is consumed
  }

  /**
   * PostgreSQL 15 numerics: integer, decimal, real; {@code 1..} leaves {@code ..} alone; {@code
   * 1e+} gives back {@code e+}; any identifier char right after a number is "trailing junk" (so
   * 0x1F and 1_000, valid from PostgreSQL 16, are errors here, as in 15).
   */
  private int number(int i) {
    int j = i;
    while (j < n && digit(s.charAt(j))) {
      j++;
    }
    if (j < n && s.charAt(j) == '.') {
      if (j > i && j + 1 < n && s.charAt(j + 1) == '.') {
        return emit(TokenType.NUMBER, i, j); // decimalfail
      }
      j++;
      while (j < n && digit(s.charAt(j))) {
        j++;
      }
    }
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      int k = j + 1;
      boolean signed = k < n && (s.charAt(k) == '+' || s.charAt(k) == '-');
      if (signed) {
        k++;
      }
      if (k < n && digit(s.charAt(k))) {
        while (k < n && digit(s.charAt(k))) {
          k++;
        }
        j = k;
      } else if (signed) {
        return emit(TokenType.NUMBER, i, j); // realfail
      }
    }
    if (j < n && identStart(s.charAt(j))) {
      return emit(TokenType.ERROR, i, j + 1); // integer_junk / decimal_junk / real_junk
    }
    return emit(TokenType.NUMBER, i, j);
  }

  /**
   * scan.l {@code operator}: the longest run of op chars, cut before an embedded comment start,
   * then trailing '+'/'-' dropped unless the operator holds a non-SQL op char (so {@code =-1} is
   * '=' then '-' then 1, but {@code @-} stays one operator).
   */
  private int operator(int i) {
    int j = i + 1;
    while (j < n && Chars.pgOpChar(s.charAt(j))) {
      char p = s.charAt(j - 1);
      char c = s.charAt(j);
      if ((p == '/' && c == '*') || (p == '-' && c == '-')) {
        j--;
        break;
      }
      j++;
    }
    int len = j - i;
    while (len > 1 && (s.charAt(i + len - 1) == '+' || s.charAt(i + len - 1) == '-')) {
      boolean allowed = false;
      for (int k = i; k < i + len - 1; k++) {
        if (Chars.pgNonSqlOpChar(s.charAt(k))) {
          allowed = true;
          break;
        }
      }
      if (allowed) {
        break;
      }
      len--;
    }
    return emit(TokenType.OPERATOR, i, i + len);
  }
}
