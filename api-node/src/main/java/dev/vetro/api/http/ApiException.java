package dev.vetro.api.http;

/** A request the API refuses; the exception handler turns it into {@code {"error", "message"}}. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message, null, false, false); // control flow, not a bug: no stack trace
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ApiException missing(String field) {
    return new ApiException(ErrorCode.MISSING_FIELD, "missing required field '" + field + "'");
  }

  public static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_FIELD, message);
  }
}
