package dev.vetro.policy.check;

import dev.vetro.policy.lexer.SqlStatement;
import dev.vetro.policy.lexer.TokenList;
import dev.vetro.policy.lexer.TokenType;
import java.util.Locale;

/**
 * Whether a migration file has set a non-zero {@code lock_timeout} after a statement (VETRO-107).
 * Without one, a DDL statement that waits for its lock behind a long transaction makes every later
 * query on the table queue behind it: the outage is the wait, not the DDL. Read from the lexer's
 * tokens: {@code SET [SESSION | LOCAL] lock_timeout {= | TO} value}, {@code RESET lock_timeout},
 * {@code RESET ALL} and {@code SELECT set_config('lock_timeout', value, …)}. A zero value (0, '0s',
 * DEFAULT, which is 0) means no timeout, so it does not count as set.
 */
final class LockTimeout {

  private static final String NAME = "lock_timeout";

  private LockTimeout() {}

  /**
   * @param before whether a non-zero lock_timeout was in force before this statement
   */
  static boolean after(SqlStatement st, boolean before) {
    TokenList t = st.tokenList();
    String sql = st.sql();
    if (t.size() < 2) {
      return before;
    }
    int i = 0;
    if (word(st, t, i, "reset")) {
      return word(st, t, 1, NAME) || word(st, t, 1, "all") ? false : before;
    }
    if (word(st, t, i, "set")) {
      i++;
      if (word(st, t, i, "session") || word(st, t, i, "local")) {
        i++;
      }
      if (!word(st, t, i, NAME)) {
        return before;
      }
      i++;
      if (i < t.size() && (word(st, t, i, "to") || text(sql, t, i).equals("="))) {
        i++;
      }
      return i < t.size() && nonZero(sql, t, i);
    }
    // SELECT set_config('lock_timeout', '5s', false)
    for (int j = 0; j + 4 < t.size(); j++) {
      if (word(st, t, j, "set_config")
          && t.type(j + 1) == TokenType.LPAREN
          && t.type(j + 2) == TokenType.STRING
          && unquoted(text(sql, t, j + 2)).equalsIgnoreCase(NAME)
          && t.type(j + 3) == TokenType.COMMA) {
        return nonZero(sql, t, j + 4);
      }
    }
    return before;
  }

  /** The value token: a number, a string or a word; zero, DEFAULT or unreadable is "not set". */
  private static boolean nonZero(String sql, TokenList t, int i) {
    String v =
        switch (t.type(i)) {
          case NUMBER, IDENT -> text(sql, t, i);
          case STRING -> unquoted(text(sql, t, i));
          default -> "";
        };
    v = v.trim().toLowerCase(Locale.ROOT);
    int digits = 0;
    while (digits < v.length()
        && (Character.isDigit(v.charAt(digits)) || v.charAt(digits) == '.')) {
      digits++;
    }
    if (digits == 0) {
      return false; // DEFAULT (0), or nothing readable
    }
    try {
      return Double.parseDouble(v.substring(0, digits)) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String unquoted(String s) {
    return s.length() >= 2 && s.charAt(0) == '\'' && s.endsWith("'")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static String text(String sql, TokenList t, int i) {
    return sql.substring(t.start(i), t.end(i));
  }

  private static boolean word(SqlStatement st, TokenList t, int i, String w) {
    return i < t.size() && t.type(i) == TokenType.IDENT && text(st.sql(), t, i).equalsIgnoreCase(w);
  }
}
