package dev.vetro.policy.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at top-level semicolons, as the server's grammar does.
 *
 * <p>A ';' inside parentheses does not split: the grammar accepts it there in multi-action rules
 * ({@code CREATE RULE ... DO INSTEAD (INSERT ...; INSERT ...)}), and everywhere else the server
 * rejects the whole text, so merging cannot hide an executed statement (the classifier calls such a
 * merged non-rule statement UNKNOWN). psql does the same. The other construct whose body holds real
 * semicolons is the SQL-standard routine body of {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE ...
 * BEGIN ATOMIC ... END}: there, as in psql's heuristic, CASE opens and END closes a level. Unlike
 * psql we count BEGIN only when ATOMIC follows, because that is what the grammar requires (a
 * function merely NAMED begin must not swallow the next statement). MySQL stored-program bodies
 * ({@code CREATE PROCEDURE|FUNCTION| TRIGGER|EVENT ... BEGIN ... END}) are tracked the same way.
 */
public final class Statements {

  private Statements() {}

  public static List<SqlStatement> split(String sql, LexOptions options) {
    TokenList tokens = Lexer.tokenize(sql, options);
    boolean mysql = options.dialect() == Dialect.MYSQL;
    List<SqlStatement> result = new ArrayList<>(2);
    LineCounter lines = new LineCounter(sql);
    int first = 0;
    int depth = 0;
    int parens = 0;
    int size = tokens.size();
    boolean routine = false;
    for (int i = 0; i < size; i++) {
      TokenType type = tokens.type(i);
      if (i == first) {
        routine = startsRoutine(sql, tokens, i, mysql);
      }
      if (type == TokenType.SEMICOLON && depth == 0 && parens == 0) {
        addIfNotEmpty(result, sql, tokens, first, i, lines);
        first = i + 1;
        parens = 0;
        continue;
      }
      if (type == TokenType.LPAREN) {
        parens++;
      } else if (type == TokenType.RPAREN) {
        parens = Math.max(0, parens - 1);
      } else if (routine && parens == 0 && type == TokenType.IDENT) {
        depth = bodyDepth(sql, tokens, i, depth, mysql);
      }
    }
    addIfNotEmpty(result, sql, tokens, first, size, lines);
    return result;
  }

  private static int bodyDepth(String sql, TokenList t, int i, int depth, boolean mysql) {
    if (is(sql, t, i, "begin")) {
      if (mysql) {
        return depth + 1;
      }
      return i + 1 < t.size() && is(sql, t, i + 1, "atomic") ? depth + 1 : depth;
    }
    if (is(sql, t, i, "case")) {
      // MySQL's END CASE closes a CASE statement; its CASE opens nothing.
      boolean closer = i > 0 && is(sql, t, i - 1, "end");
      return depth >= 1 && !closer ? depth + 1 : depth;
    }
    if (is(sql, t, i, "end") && depth > 0) {
      if (mysql
          && i + 1 < t.size()
          && t.type(i + 1) == TokenType.IDENT
          && (is(sql, t, i + 1, "if")
              || is(sql, t, i + 1, "loop")
              || is(sql, t, i + 1, "while")
              || is(sql, t, i + 1, "repeat"))) {
        return depth; // END IF etc. close blocks whose openers we do not count
      }
      return depth - 1;
    }
    return depth;
  }

  private static boolean startsRoutine(String sql, TokenList t, int i, boolean mysql) {
    if (!is(sql, t, i, "create")) {
      return false;
    }
    int j = i + 1;
    if (j + 1 < t.size() && is(sql, t, j, "or") && is(sql, t, j + 1, "replace")) {
      j += 2;
    }
    if (mysql) {
      // CREATE [DEFINER = user] [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT
      for (int k = j; k < Math.min(t.size(), j + 8); k++) {
        if (is(sql, t, k, "procedure")
            || is(sql, t, k, "function")
            || is(sql, t, k, "trigger")
            || is(sql, t, k, "event")) {
          return true;
        }
      }
      return false;
    }
    return j < t.size() && (is(sql, t, j, "function") || is(sql, t, j, "procedure"));
  }

  static boolean is(String sql, TokenList t, int i, String word) {
    return t.type(i) == TokenType.IDENT
        && t.end(i) - t.start(i) == word.length()
        && sql.regionMatches(true, t.start(i), word, 0, word.length());
  }

  private static void addIfNotEmpty(
      List<SqlStatement> out, String sql, TokenList t, int from, int to, LineCounter lines) {
    if (to <= from) {
      return;
    }
    int start = t.start(from);
    int end = t.end(to - 1);
    int line = lines.lineAt(start);
    out.add(new SqlStatement(sql, start, end, line, lines.columnAt(start), t.subList(from, to)));
  }

  /** Line/column of increasing offsets in one pass over the text. */
  private static final class LineCounter {
    private final String sql;
    private int pos;
    private int line = 1;
    private int lineStart;

    LineCounter(String sql) {
      this.sql = sql;
    }

    int lineAt(int offset) {
      while (pos < offset) {
        if (sql.charAt(pos) == '\n') {
          line++;
          lineStart = pos + 1;
        }
        pos++;
      }
      return line;
    }

    int columnAt(int offset) {
      lineAt(offset);
      return offset - lineStart + 1;
    }
  }
}
