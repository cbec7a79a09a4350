package dev.vetro.api.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure leaves as {@code {"error": <stable code>, "message": …}}; nothing leaks a stack
 * trace or pekko-http's plain-text defaults. Unexpected exceptions are logged with the request path
 * and answered 500.
 */
public final class ErrorHandling {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  public static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .matchAny(t -> org.apache.pekko.http.javadsl.server.Directives.complete(toResponse(t)))
        .build();
  }

  static HttpResponse toResponse(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ApiException api) {
      return Json.error(api.code(), api.getMessage());
    }
    if (e instanceof EntityStreamSizeException size) {
      return Json.error(
          ErrorCode.BODY_TOO_LARGE, "request body is larger than " + size.limit() + " bytes");
    }
    if (e instanceof AskTimeoutException || e instanceof TimeoutException) {
      return Json.error(ErrorCode.UNAVAILABLE, "the control plane did not answer in time; retry");
    }
    LOG.error("unhandled error", e);
    return Json.error(ErrorCode.INTERNAL, "internal error");
  }

  public static RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rs ->
                org.apache.pekko.http.javadsl.server.Directives.complete(
                    Json.error(
                        ErrorCode.METHOD_NOT_ALLOWED,
                        "method not allowed; supported: "
                            + rs.stream()
                                .map(r -> r.supported().name())
                                .distinct()
                                .sorted()
                                .toList())))
        .handleNotFound(
            org.apache.pekko.http.javadsl.server.Directives.complete(
                Json.error(ErrorCode.NOT_FOUND, "no such route")))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(
            r ->
                r.entity()
                        .getContentType()
                        .equals(org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON)
                    ? r
                    : Json.error(
                        r.status().intValue() == 400
                            ? ErrorCode.INVALID_FIELD
                            : r.status().intValue() == 401
                                ? ErrorCode.UNAUTHORIZED
                                : r.status().intValue() == 413
                                    ? ErrorCode.BODY_TOO_LARGE
                                    : r.status().intValue() == 415
                                        ? ErrorCode.UNSUPPORTED_MEDIA_TYPE
                                        : r.status().intValue() == 404
                                            ? ErrorCode.NOT_FOUND
                                            : ErrorCode.INVALID_FIELD,
                        textOf(r)));
  }

  private static String textOf(HttpResponse r) {
    if (r.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict s) {
      return s.getData().utf8String();
    }
    return r.status().reason();
  }
}
