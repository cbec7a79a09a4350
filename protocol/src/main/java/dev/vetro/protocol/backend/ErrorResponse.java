package dev.vetro.protocol.backend;

import java.util.Map;
import org.apache.pekko.util.ByteString;

/**
 * An error; the server then ends the command (and, with FATAL, the connection). Fields keep their
 * wire order; see {@link ErrorFields} for the codes.
 */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {
  public static final byte TYPE = 'E';

  public ErrorResponse {
    fields = ErrorFields.copy(fields);
  }

  /** Severity (S and V, as PostgreSQL sends both), SQLSTATE and message. */
  public static ErrorResponse of(String severity, String sqlState, String message) {
    return new ErrorResponse(ErrorFields.basic(severity, sqlState, message));
  }

  public static ErrorResponse decode(ByteString payload) {
    return new ErrorResponse(ErrorFields.decode("ErrorResponse", payload));
  }

  public ErrorResponse withDetail(String detail) {
    return with(ErrorFields.DETAIL, detail);
  }

  public ErrorResponse withHint(String hint) {
    return with(ErrorFields.HINT, hint);
  }

  /** Adds or replaces one field, keeping the position of an existing one. */
  public ErrorResponse with(char code, String value) {
    return new ErrorResponse(ErrorFields.with(fields, code, value));
  }

  /** The non-localized severity (V) when present, else the localized one (S). */
  public String severity() {
    return ErrorFields.severity(fields);
  }

  public String sqlState() {
    return fields.get(ErrorFields.SQLSTATE);
  }

  public String message() {
    return fields.get(ErrorFields.MESSAGE);
  }

  /** Null when absent. */
  public String detail() {
    return fields.get(ErrorFields.DETAIL);
  }

  /** Null when absent. */
  public String hint() {
    return fields.get(ErrorFields.HINT);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return ErrorFields.encode(TYPE, fields);
  }
}
