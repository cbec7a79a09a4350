package dev.vetro.protocol;

import dev.vetro.protocol.backend.ErrorResponse;

/**
 * The FATAL errors the proxy itself sends before closing a connection. FATAL, not ERROR: after a
 * framing fault the byte stream cannot be trusted, so the session cannot go on.
 */
public final class ErrorResponses {
  private ErrorResponses() {}

  public static final String FATAL = "FATAL";

  /** 08P01 protocol_violation with the precise reason. */
  public static ErrorResponse protocolViolation(String message) {
    return ErrorResponse.of(FATAL, ProtocolException.PROTOCOL_VIOLATION, message);
  }

  /** 54000 program_limit_exceeded: a message above the configured maximum. */
  public static ErrorResponse tooLarge(String message) {
    return ErrorResponse.of(FATAL, ProtocolException.PROGRAM_LIMIT_EXCEEDED, message);
  }

  /** The error for any ProtocolException, keeping its SQLSTATE and message. */
  public static ErrorResponse fatal(ProtocolException e) {
    return ErrorResponse.of(FATAL, e.sqlState(), e.getMessage());
  }

  /**
   * For a client that did not ask for TLS when the proxy requires it. 28000
   * (invalid_authorization_specification) is what PostgreSQL uses when pg_hba.conf only has hostssl
   * lines, so clients and their users already know how to read it.
   */
  public static ErrorResponse tlsRequired() {
    return ErrorResponse.of(
            FATAL, "28000", "this server requires TLS: the connection was not encrypted")
        .withHint("Connect with sslmode=require (or verify-ca / verify-full).");
  }
}
