package dev.vetro.policy.lexer;

/**
 * What executing a statement can do, as far as its tokens PROVE. The line follows PostgreSQL's own
 * read-only transaction rules: READ_ONLY and SESSION are what a {@code
 * default_transaction_read_only} session would let run.
 *
 * <p>For a "block_writes" parse-error policy (statements the AST parser cannot read) only {@link
 * #READ_ONLY} and {@link #SESSION} pass; {@link #WRITE} and {@link #UNKNOWN} are blocked.
 */
public enum Effect {
  /**
   * Reads data and nothing else: SELECT/VALUES/TABLE/SHOW/FETCH and EXPLAIN (without ANALYZE) of
   * such, with no INTO, no FOR UPDATE/SHARE (row locks write tuple headers and are refused in
   * read-only transactions), no data-modifying CTE, no function outside the documented allowlist
   * ({@link FunctionSafety}), no operator outside the built-in set. Limit of proof: a view, a cast
   * or an overloaded built-in operator on a user type can still call a user-defined function;
   * tokens cannot see that.
   */
  READ_ONLY,
  /**
   * Changes only this session's state: SET/RESET, BEGIN/COMMIT/ROLLBACK/SAVEPOINT, DISCARD,
   * DEALLOCATE, CLOSE, LISTEN/UNLISTEN, LOCK in a mode PostgreSQL allows in a read-only
   * transaction, PREPARE and DECLARE of a READ_ONLY statement.
   */
  SESSION,
  /** Writes data, schema, roles, files, other sessions or servers; or certainly may. */
  WRITE,
  /**
   * Cannot be told from tokens: an unknown function or operator, EXECUTE of a prepared statement, a
   * statement the scanner rejected or an unrecognised command.
   */
  UNKNOWN
}
