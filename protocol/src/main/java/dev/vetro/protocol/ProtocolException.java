package dev.vetro.protocol;

/**
 * Bad bytes on the wire. Carries the SQLSTATE the proxy should put in the FATAL ErrorResponse it
 * sends before closing, so callers never have to guess a code from the message text.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** protocol_violation: malformed, truncated or unknown input. */
  public static final String PROTOCOL_VIOLATION = "08P01";

  /** program_limit_exceeded: a message larger than the configured maximum. */
  public static final String PROGRAM_LIMIT_EXCEEDED = "54000";

  /** character_not_in_repertoire: a string that is not valid UTF-8. */
  public static final String INVALID_ENCODING = "22021";

  /** feature_not_supported: e.g. a protocol major version other than 3. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";

  private final String sqlState;

  public ProtocolException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  public static ProtocolException violation(String message) {
    return new ProtocolException(PROTOCOL_VIOLATION, message);
  }

  public static ProtocolException tooLarge(String message) {
    return new ProtocolException(PROGRAM_LIMIT_EXCEEDED, message);
  }

  public String sqlState() {
    return sqlState;
  }
}
