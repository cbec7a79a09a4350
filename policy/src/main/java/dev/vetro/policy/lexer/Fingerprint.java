package dev.vetro.policy.lexer;

import java.util.Set;

/**
 * The shape of a statement, independent of its literal values, spacing, comments and keyword case:
 * the key for decision caching and for grouping events. Literals and parameters become {@code ?}, a
 * minus sign directly applied to a number is folded into it (as PostgreSQL's grammar does), {@code
 * !=} is spelled {@code <>} (as PostgreSQL stores it), and an IN list of only placeholders
 * collapses to {@code in (?)} so that list length does not split the cache. Spacing is re-derived
 * from token types alone so {@code a=1} and {@code a = 1} match.
 */
public record Fingerprint(String normalized, long hash) {

  private static final Set<String> SPACE_BEFORE_PAREN =
      Set.of(
          "in",
          "values",
          "as",
          "exists",
          "and",
          "or",
          "not",
          "from",
          "join",
          "on",
          "using",
          "where",
          "select",
          "with",
          "any",
          "all",
          "some",
          "into",
          "over",
          "filter",
          "within",
          "lateral",
          "union",
          "intersect",
          "except",
          "returning",
          "by",
          "set",
          "then",
          "else",
          "when",
          "case",
          "table",
          "default",
          "check",
          "unique",
          "is",
          "like",
          "between",
          "do",
          "return",
          "limit",
          "offset");

  /** 16 lower-case hex digits; on the proxy's per-statement path, so no Formatter (regex) here. */
  public String hex() {
    String digits = Long.toHexString(hash);
    return "0000000000000000".substring(digits.length()) + digits;
  }

  public static Fingerprint of(SqlStatement statement) {
    String sql = statement.sql();
    TokenList t = statement.tokenList();
    Normalized out = new Normalized(t.size());
    for (int i = 0; i < t.size(); i++) {
      TokenType type = t.type(i);
      switch (type) {
        case STRING, NUMBER, PARAM, ERROR -> {
          if (type == TokenType.NUMBER && out.foldsMinus()) {
            out.removeLast();
          }
          out.add(TokenType.PARAM, "?");
        }
        case IDENT -> out.addLowered(sql, t.start(i), t.end(i));
        case RPAREN -> {
          out.collapseInList();
          out.add(type, ")");
        }
        default -> {
          if (type == TokenType.OPERATOR
              && t.end(i) - t.start(i) == 2
              && sql.startsWith("!=", t.start(i))) {
            out.add(type, "<>");
          } else {
            out.add(type, sql, t.start(i), t.end(i));
          }
        }
      }
    }
    String normalized = out.text.toString();
    return new Fingerprint(normalized, fnv1a64(normalized));
  }

  /**
   * The normalized text as it is built: tokens are appended straight into one buffer (no string per
   * token on the proxy's per-statement path), remembering where each begins so that a sign folded
   * into a number or a collapsed IN list can take tokens back. Spacing is decided on append from
   * the previous token, exactly as if the final token list were joined.
   */
  private static final class Normalized {
    final StringBuilder text;

    /**
     * Per token: its type, where its text starts, and the length before it (its space included).
     */
    TokenType[] types;

    int[] starts;
    int[] before;
    int size;

    Normalized(int tokens) {
      text = new StringBuilder(tokens * 6 + 16);
      types = new TokenType[Math.max(4, tokens)];
      starts = new int[types.length];
      before = new int[types.length];
    }

    void add(TokenType type, String s) {
      open(type);
      text.append(s);
    }

    void add(TokenType type, String sql, int from, int to) {
      open(type);
      text.append(sql, from, to);
    }

    void addLowered(String sql, int from, int to) {
      open(TokenType.IDENT);
      for (int k = from; k < to; k++) {
        char c = sql.charAt(k);
        text.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
    }

    private void open(TokenType type) {
      if (size == types.length) {
        types = java.util.Arrays.copyOf(types, size * 2);
        starts = java.util.Arrays.copyOf(starts, size * 2);
        before = java.util.Arrays.copyOf(before, size * 2);
      }
      before[size] = text.length();
      if (size > 0 && spaced(types[size - 1], this, size - 1, type)) {
        text.append(' ');
      }
      types[size] = type;
      starts[size] = text.length();
      size++;
    }

    void removeLast() {
      size--;
      text.setLength(before[size]);
    }

    /** Where a token's text ends: at the next token's space, or at the end so far. */
    private int end(int token) {
      return token + 1 < size ? before[token + 1] : text.length();
    }

    String textOf(int token) {
      return text.substring(starts[token], end(token));
    }

    boolean textIs(int token, String s) {
      int end = end(token);
      int from = starts[token];
      if (end - from != s.length()) {
        return false;
      }
      for (int k = 0; k < s.length(); k++) {
        if (text.charAt(from + k) != s.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    /** A '-' right before a number is a sign when it follows something that cannot end a value. */
    boolean foldsMinus() {
      int last = size - 1;
      if (last < 0 || types[last] != TokenType.OPERATOR || !textIs(last, "-")) {
        return false;
      }
      if (last == 0) {
        return true;
      }
      return switch (types[last - 1]) {
        case OPERATOR, LPAREN, LBRACKET, COMMA, CAST, COLON -> true;
        case IDENT -> SPACE_BEFORE_PAREN.contains(textOf(last - 1));
        default -> false;
      };
    }

    /** Turns a trailing {@code in ( ? , ? , ... ?} (RPAREN not yet added) into {@code in ( ?}. */
    void collapseInList() {
      int k = size - 1;
      int items = 0;
      while (k >= 0 && types[k] == TokenType.PARAM) {
        items++;
        k--;
        if (k >= 0 && types[k] == TokenType.COMMA) {
          k--;
        } else {
          break;
        }
      }
      if (items < 2 || k < 1 || types[k] != TokenType.LPAREN || !textIs(k - 1, "in")) {
        return;
      }
      while (size > k + 2) {
        removeLast();
      }
    }
  }

  private static boolean spaced(TokenType prev, Normalized built, int prevToken, TokenType cur) {
    switch (cur) {
      case COMMA, RPAREN, RBRACKET, DOT, SEMICOLON, CAST, LBRACKET:
        return false;
      default:
        break;
    }
    switch (prev) {
      case LPAREN, LBRACKET, DOT, CAST:
        return false;
      default:
        break;
    }
    if (cur == TokenType.LPAREN) {
      return !(prev == TokenType.QUOTED_IDENT
          || prev == TokenType.IDENT && !SPACE_BEFORE_PAREN.contains(built.textOf(prevToken)));
    }
    return true;
  }

  private static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      h ^= c & 0xff;
      h *= 0x100000001b3L;
      h ^= c >>> 8;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
