package dev.vetro.testkit;

/**
 * The test PostgreSQL could not start; the message says what is missing and quotes the server log.
 */
public final class PostgresStartException extends RuntimeException {
  public PostgresStartException(String message) {
    super(message);
  }

  public PostgresStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
