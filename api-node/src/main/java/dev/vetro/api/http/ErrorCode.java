package dev.vetro.api.http;

/**
 * The stable {@code error} codes of the API. Clients branch on these, so a code is never renamed;
 * the message beside it is for humans and may change.
 */
public enum ErrorCode {
  BAD_JSON(400),
  MISSING_FIELD(400),
  INVALID_FIELD(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  CONFLICT(409),
  BODY_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  UNKNOWN_DIALECT(422),
  INVALID_POLICY(422),
  TOO_MANY_REQUESTS(429),
  INTERNAL(500),
  UNAVAILABLE(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The wire form: lower snake case. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
