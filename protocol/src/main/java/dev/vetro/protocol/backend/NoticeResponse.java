package dev.vetro.protocol.backend;

import java.util.Map;
import org.apache.pekko.util.ByteString;

/**
 * A warning or notice; asynchronous, may arrive between any two messages. Fields keep their wire
 * order; see {@link ErrorFields} for the codes.
 */
public record NoticeResponse(Map<Character, String> fields) implements BackendMessage {
  public static final byte TYPE = 'N';

  public NoticeResponse {
    fields = ErrorFields.copy(fields);
  }

  /** Severity (S and V, as PostgreSQL sends both), SQLSTATE and message. */
  public static NoticeResponse of(String severity, String sqlState, String message) {
    return new NoticeResponse(ErrorFields.basic(severity, sqlState, message));
  }

  public static NoticeResponse decode(ByteString payload) {
    return new NoticeResponse(ErrorFields.decode("NoticeResponse", payload));
  }

  public NoticeResponse withDetail(String detail) {
    return with(ErrorFields.DETAIL, detail);
  }

  public NoticeResponse withHint(String hint) {
    return with(ErrorFields.HINT, hint);
  }

  /** Adds or replaces one field, keeping the position of an existing one. */
  public NoticeResponse with(char code, String value) {
    return new NoticeResponse(ErrorFields.with(fields, code, value));
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
