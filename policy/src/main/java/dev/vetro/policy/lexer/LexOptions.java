package dev.vetro.policy.lexer;

import java.util.Objects;

/**
 * What the lexer must know about the server to read text the way the server does.
 *
 * <p>{@code standardConformingStrings} is the server's {@code standard_conforming_strings} for
 * PostgreSQL (reported in ParameterStatus; on since 9.1). For MySQL the same flag means {@code
 * NO_BACKSLASH_ESCAPES}: when true, backslash is an ordinary character inside strings. MySQL's
 * default is backslash escapes ON, hence {@link #mysql()} passes false.
 */
public record LexOptions(Dialect dialect, boolean standardConformingStrings) {

  public static final LexOptions POSTGRES = new LexOptions(Dialect.POSTGRES, true);
  public static final LexOptions MYSQL = new LexOptions(Dialect.MYSQL, false);

  public LexOptions {
    Objects.requireNonNull(dialect, "dialect");
  }

  /** PostgreSQL with standard_conforming_strings=on (the default since 9.1). */
  public static LexOptions postgres() {
    return POSTGRES;
  }

  /** MySQL with backslash escapes enabled (the server default sql_mode). */
  public static LexOptions mysql() {
    return MYSQL;
  }
}
