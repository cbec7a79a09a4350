package dev.vetro.policy.lexer;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lexer-level statement classification: PostgreSQL's parse-node type, the provable {@link Effect},
 * and where a nested statement starts. Used for every statement, and on its own for statements the
 * AST parser cannot read, so it must never throw and never hang: it is linear in the tokens, and
 * nesting (EXPLAIN of PREPARE of ...) is followed at most {@value #MAX_NESTING} levels deep, beyond
 * which the effect is UNKNOWN.
 */
public final class Classifier {

  static final int MAX_NESTING = 8;

  private Classifier() {}

  public static Classification classify(SqlStatement statement) {
    return classify(statement, 0);
  }

  /** The inner statement of EXPLAIN, PREPARE, DECLARE, CREATE RULE, COPY (...), CTAS, views. */
  public static Optional<SqlStatement> nested(SqlStatement statement) {
    Words w = new Words(statement.sql(), statement.tokenList());
    long span = NestedStatements.find(w, StatementKinds.of(w));
    return span < 0 ? Optional.empty() : Optional.of(slice(statement, w, span));
  }

  private static Classification classify(SqlStatement statement, int depth) {
    Words w = new Words(statement.sql(), statement.tokenList());
    String kind = StatementKinds.of(w);
    long span = NestedStatements.find(w, kind);
    Effect nestedEffect = null;
    OptionalInt nestedStart = OptionalInt.empty();
    if (span >= 0) {
      SqlStatement inner = slice(statement, w, span);
      nestedStart = OptionalInt.of(inner.start());
      nestedEffect = depth < MAX_NESTING ? classify(inner, depth + 1).effect() : Effect.UNKNOWN;
    }
    return new Classification(kind, Effects.of(w, kind, nestedEffect), nestedStart);
  }

  private static SqlStatement slice(SqlStatement outer, Words w, long span) {
    int from = (int) (span >>> 32);
    int to = (int) span;
    int start = w.t.start(from);
    int line = outer.line();
    int column = outer.column();
    String sql = outer.sql();
    for (int k = outer.start(); k < start; k++) {
      if (sql.charAt(k) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new SqlStatement(sql, start, w.t.end(to - 1), line, column, w.t.subList(from, to));
  }
}
