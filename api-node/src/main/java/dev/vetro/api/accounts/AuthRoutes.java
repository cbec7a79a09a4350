package dev.vetro.api.accounts;

import dev.vetro.api.ApiContext;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Body;
import dev.vetro.api.http.Entities;
import dev.vetro.api.http.ErrorCode;
import dev.vetro.api.http.Json;
import dev.vetro.api.keys.KeyMaterial;
import dev.vetro.api.keys.Scope;
import dev.vetro.api.workspace.Workspace;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/auth/*}: register (creates the user's workspace), login, logout, me. */
public final class AuthRoutes extends ApiDirectives {
  static final Duration SESSION_TTL = Duration.ofDays(7);
  private static final int MAX_PASSWORD = 1024; // PBKDF2 cost grows with the password; bound it

  private final ApiContext ctx;

  public AuthRoutes(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
  }

  public Route routes() {
    return pathPrefix(
        "auth",
        () ->
            concat(
                path(
                    "register",
                    () ->
                        post(
                            () ->
                                extractRequest(
                                    req -> jsonBody(16_384, b -> register(b, peer(req)))))),
                path(
                    "login",
                    () ->
                        post(
                            () ->
                                extractRequest(req -> jsonBody(16_384, b -> login(b, peer(req)))))),
                path("logout", () -> post(() -> caller(this::logout))),
                path("me", () -> get(() -> caller(c -> complete(Json.ok(me(c))))))));
  }

  /**
   * The TCP peer, not X-Forwarded-For (extractClientIP prefers that header, and anyone can send it
   * to get a fresh per-address limit). Behind a load balancer all clients share its address; the
   * per-account limit still applies.
   */
  private static String peer(org.apache.pekko.http.javadsl.model.HttpRequest req) {
    return req.getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.remoteAddress)
        .flatMap(a -> a.getAddress())
        .map(java.net.InetAddress::getHostAddress)
        .orElse("unknown");
  }

  /**
   * A taken email is answered like a success (same status, same body shape, a cookie) so the answer
   * does not tell whether the email is registered; nothing is sent anywhere (there is no mail
   * channel), the cookie is a random token that is no session, and the attempt counts as a failure
   * of the caller's address, so probing many emails runs into the login backoff. See the README for
   * what this does and does not hide.
   */
  private Route register(Body b, String address) {
    long wait = ctx.loginLimiter().retryAfterSeconds("", address, System.currentTimeMillis());
    if (wait > 0) {
      return throttled(wait);
    }
    String email = validEmail(b.requiredNonBlank("email"));
    String password = validPassword(b.requiredString("password"));
    String workspaceName = b.requiredNonBlank("workspace").strip();
    if (workspaceName.length() > 100) {
      throw ApiException.invalid("field 'workspace' must be at most 100 characters");
    }
    String workspaceId = Entities.newId();
    long now = System.currentTimeMillis();
    CompletionStage<HttpResponse> done =
        hashOr429(ctx.hasher().hash(password))
            .thenCompose(
                hash ->
                    ctx.entities()
                        .<User.Command, User.Reply>ask(
                            User.ENTITY_KEY,
                            User.idFor(email),
                            r -> new User.Register(User.idFor(email), hash, workspaceId, now, r)))
            .thenCompose(
                reply -> {
                  if (reply instanceof User.AlreadyRegistered) {
                    ctx.loginLimiter().failed("", address, System.currentTimeMillis());
                    return CompletableFuture.completedFuture(
                        cookie(KeyMaterial.randomToken(), SESSION_TTL.toSeconds()));
                  }
                  return ctx.entities()
                      .<Workspace.Command, Workspace.Reply>ask(
                          Workspace.ENTITY_KEY,
                          workspaceId,
                          r -> new Workspace.Create(workspaceName, User.idFor(email), now, r))
                      .thenCompose(ws -> startSession(User.idFor(email), workspaceId));
                })
            .thenApply(
                cookie ->
                    Json.response(
                            StatusCodes.CREATED,
                            Map.of(
                                "email", User.idFor(email),
                                "workspace", Map.of("id", workspaceId, "name", workspaceName)))
                        .addHeader(SetCookie.create(cookie)));
    return onSuccess(done, this::complete);
  }

  private Route login(Body b, String address) {
    String email = User.idFor(b.requiredNonBlank("email"));
    String password = b.requiredString("password");
    long now = System.currentTimeMillis();
    long wait = ctx.loginLimiter().retryAfterSeconds(email, address, now);
    if (wait > 0) {
      return throttled(wait);
    }
    if (password.length() > MAX_PASSWORD) {
      ctx.loginLimiter().failed(email, address, now);
      throw new ApiException(ErrorCode.UNAUTHORIZED, "email or password is wrong");
    }
    CompletionStage<HttpResponse> done =
        ctx.entities()
            .<User.Command, User.Reply>ask(User.ENTITY_KEY, email, User.Get::new)
            .thenCompose(
                reply -> {
                  User.Account account = reply instanceof User.Account a ? a : null;
                  return hashOr429(
                          ctx.hasher()
                              .verify(password, account == null ? null : account.passwordHash()))
                      .thenCompose(
                          ok -> {
                            if (!ok) {
                              ctx.loginLimiter().failed(email, address, System.currentTimeMillis());
                              throw new ApiException(
                                  ErrorCode.UNAUTHORIZED, "email or password is wrong");
                            }
                            ctx.loginLimiter().succeeded(email);
                            return startSession(email, account.workspaceId())
                                .thenApply(
                                    cookie ->
                                        Json.ok(
                                                Map.of(
                                                    "email",
                                                    email,
                                                    "workspace_id",
                                                    account.workspaceId()))
                                            .addHeader(SetCookie.create(cookie)));
                          });
                });
    return onSuccess(done, this::complete);
  }

  private Route throttled(long wait) {
    ctx.metrics()
        .inc("vetro_api_login_throttled_total", "Login attempts refused by the rate limit");
    return complete(
        Json.error(
                ErrorCode.TOO_MANY_REQUESTS,
                "too many failed attempts from this address; retry in " + wait + " s")
            .addHeader(RetryAfter.create(wait)));
  }

  private Route logout(Caller c) {
    if (!(c instanceof Caller.UserSession s)) {
      throw new ApiException(
          ErrorCode.FORBIDDEN, "API keys have no session to log out of; revoke the key instead");
    }
    CompletionStage<HttpResponse> done =
        ctx.entities()
            .<Session.Command, Session.Reply>ask(
                Session.ENTITY_KEY, s.sessionHash(), Session.End::new)
            .thenApply(
                r ->
                    HttpResponse.create()
                        .withStatus(StatusCodes.NO_CONTENT)
                        .addHeader(SetCookie.create(cookie("", 0))));
    return onSuccess(done, this::complete);
  }

  private static Map<String, Object> me(Caller c) {
    if (c instanceof Caller.UserSession s) {
      return Map.of("email", s.email(), "workspace_id", s.workspaceId());
    }
    Caller.Key k = (Caller.Key) c;
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("key_id", k.keyId());
    m.put("workspace_id", k.workspaceId());
    m.put("scopes", Scope.names(k.scopes()));
    m.put(
        "database_ids",
        k.databaseIds() == null ? null : k.databaseIds().stream().sorted().toList());
    return m;
  }

  private CompletionStage<HttpCookie> startSession(String email, String workspaceId) {
    String token = KeyMaterial.randomToken();
    long expires = System.currentTimeMillis() + SESSION_TTL.toMillis();
    return ctx.entities()
        .<Session.Command, Session.Reply>ask(
            Session.ENTITY_KEY,
            KeyMaterial.sha256Hex(token),
            r -> new Session.Start(email, workspaceId, expires, r))
        .thenApply(r -> cookie(token, SESSION_TTL.toSeconds()));
  }

  /** HttpOnly: scripts cannot read it; SameSite=Strict: other sites cannot ride on it (CSRF). */
  private static HttpCookie cookie(String value, long maxAgeSeconds) {
    return HttpCookie.create(Authenticator.SESSION_COOKIE, value)
        .withPath("/")
        .withHttpOnly(true)
        .withSameSite(SameSite.Strict)
        .withMaxAge(maxAgeSeconds);
  }

  private static <T> CompletionStage<T> hashOr429(java.util.Optional<CompletionStage<T>> job) {
    return job.orElseGet(
        () ->
            CompletableFuture.failedFuture(
                new ApiException(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "too many password checks in progress; retry shortly")));
  }

  static String validEmail(String raw) {
    String e = raw.strip();
    int at = e.indexOf('@');
    if (e.length() > 254
        || at < 1
        || at != e.lastIndexOf('@')
        || at == e.length() - 1
        || e.chars().anyMatch(Character::isWhitespace)) {
      throw ApiException.invalid("field 'email' must be an email address");
    }
    return e;
  }

  static String validPassword(String p) {
    if (p.length() < 10 || p.length() > MAX_PASSWORD) {
      throw ApiException.invalid("field 'password' must be 10.." + MAX_PASSWORD + " characters");
    }
    return p;
  }
}
