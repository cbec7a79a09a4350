package dev.vetro.api.http;

import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.keys.Scope;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/** Directives every feature's routes share: bounded JSON bodies, callers, async JSON replies. */
public abstract class ApiDirectives extends AllDirectives {
  public static final long DEFAULT_BODY_LIMIT = 2L << 20;

  protected final Authenticator authenticator;

  protected ApiDirectives(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * The body as a JSON object, read completely but never beyond {@code maxBytes}. The content type
   * is not checked: {@code curl -d @file} sends form-encoded headers with a JSON body.
   */
  protected Route jsonBody(long maxBytes, Function<Body, Route> inner) {
    return rawBody(maxBytes, bytes -> inner.apply(Body.of(bytes)));
  }

  protected Route rawBody(long maxBytes, Function<byte[], Route> inner) {
    return extractRequestEntity(
        entity ->
            extractMaterializer(
                mat -> {
                  if (entity.getContentLengthOption().isPresent()
                      && entity.getContentLengthOption().getAsLong() > maxBytes) {
                    throw tooLarge(maxBytes);
                  }
                  CompletionStage<byte[]> bytes =
                      PlainFutures.of(entity.withSizeLimit(maxBytes).toStrict(30_000, mat))
                          .thenApply(s -> s.getData().toArray())
                          .exceptionally(
                              e -> {
                                Throwable cause =
                                    e instanceof CompletionException && e.getCause() != null
                                        ? e.getCause()
                                        : e;
                                if (cause instanceof EntityStreamSizeException) {
                                  throw tooLarge(maxBytes);
                                }
                                throw new ApiException(
                                    ErrorCode.BAD_JSON,
                                    "request body could not be read: " + cause.getMessage());
                              });
                  return onSuccess(bytes, inner::apply);
                }));
  }

  private static ApiException tooLarge(long maxBytes) {
    return new ApiException(
        ErrorCode.BODY_TOO_LARGE, "request body is larger than " + maxBytes + " bytes");
  }

  protected Route caller(Function<Caller, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        auth ->
            optionalCookie(
                Authenticator.SESSION_COOKIE,
                cookie ->
                    onSuccess(
                        authenticator.authenticate(auth, cookie.map(HttpCookiePair::value)),
                        inner::apply)));
  }

  /**
   * A caller allowed {@code scope}: a user always, a key only when created with it. 403 otherwise,
   * naming the scope, so a pipeline's log says which key to make.
   */
  protected Route caller(Scope scope, Function<Caller, Route> inner) {
    return caller(
        c -> {
          if (!c.has(scope)) {
            throw new ApiException(
                ErrorCode.FORBIDDEN,
                "this API key lacks the scope '"
                    + scope.jsonName()
                    + "'; create a key with it (POST /api/v1/keys {\"scopes\": [...]})");
          }
          return inner.apply(c);
        });
  }

  /** Dashboard-only operations (key management): a leaked key must not mint more keys. */
  protected Route userSession(Function<Caller.UserSession, Route> inner) {
    return caller(
        c -> {
          if (c instanceof Caller.UserSession u) {
            return inner.apply(u);
          }
          throw new ApiException(
              ErrorCode.FORBIDDEN, "this operation needs a logged-in user, not an API key");
        });
  }

  protected Route json(CompletionStage<?> value) {
    return onSuccess(value, v -> complete(v instanceof HttpResponse r ? r : Json.ok(v)));
  }

  protected static Optional<String> opt(String s) {
    return Optional.ofNullable(s);
  }
}
