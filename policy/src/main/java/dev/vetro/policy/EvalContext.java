package dev.vetro.policy;

import dev.vetro.policy.lexer.Dialect;
import java.util.Objects;

/**
 * What the caller knows about the session a statement arrives in.
 *
 * @param databaseUser the role the client authenticated as (role exceptions apply to it); may be
 *     null
 * @param standardConformingStrings the server's standard_conforming_strings (PostgreSQL) or
 *     NO_BACKSLASH_ESCAPES (MySQL); decides how backslashes in strings read
 * @param inTransactionBlock the session is inside BEGIN … COMMIT (ReadyForQuery status 'T' or 'E')
 */
public record EvalContext(
    Dialect dialect,
    String databaseUser,
    boolean standardConformingStrings,
    boolean inTransactionBlock) {

  public EvalContext {
    Objects.requireNonNull(dialect, "dialect");
  }

  public static EvalContext postgres(String databaseUser) {
    return new EvalContext(Dialect.POSTGRES, databaseUser, true, false);
  }

  public static EvalContext mysql(String databaseUser) {
    return new EvalContext(Dialect.MYSQL, databaseUser, false, false);
  }
}
