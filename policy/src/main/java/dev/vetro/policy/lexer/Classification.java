package dev.vetro.policy.lexer;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Lexer-level reading of one statement.
 *
 * @param kind PostgreSQL's raw parse-node type name ({@code SelectStmt}, {@code DropStmt}, ...), or
 *     {@link #UNKNOWN_KIND} when the command word is not recognised
 * @param effect what the statement can provably do
 * @param nestedStart offset, in the same coordinates as {@link SqlStatement#start()} (that is, into
 *     {@link SqlStatement#sql()}), where an inner statement begins: EXPLAIN, PREPARE ... AS, CREATE
 *     RULE ... DO, DECLARE ... FOR, COPY (...) TO, CREATE TABLE/MATERIALIZED VIEW/VIEW ... AS.
 *     {@link Classifier#nested} returns it as a statement of its own.
 */
public record Classification(String kind, Effect effect, OptionalInt nestedStart) {

  public static final String UNKNOWN_KIND = "Unknown";

  public Classification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(nestedStart, "nestedStart");
  }
}
