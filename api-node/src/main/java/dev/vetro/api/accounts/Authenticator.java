package dev.vetro.api.accounts;

import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Entities;
import dev.vetro.api.http.ErrorCode;
import dev.vetro.api.keys.ApiKey;
import dev.vetro.api.keys.KeyCache;
import dev.vetro.api.keys.KeyMaterial;
import dev.vetro.api.keys.Scope;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Resolves a request's credentials to a {@link Caller}: {@code Authorization: Bearer vtro_…} (API
 * key) or the session cookie. A key known to this node is served from {@link KeyCache} (no actor
 * round trip); the cache is what keeps revocation immediate, see there.
 */
public final class Authenticator {
  public static final String SESSION_COOKIE = "vetro_session";

  private final Entities entities;
  private final KeyCache keys;

  public Authenticator(Entities entities, KeyCache keys) {
    this.entities = entities;
    this.keys = keys;
  }

  public CompletionStage<Caller> authenticate(
      Optional<String> authorization, Optional<String> sessionToken) {
    if (authorization.isPresent()) {
      return byKey(authorization.get());
    }
    if (sessionToken.isPresent()) {
      return bySession(sessionToken.get());
    }
    return failed(
        "missing credentials: send 'Authorization: Bearer <API key>' or log in for a session cookie");
  }

  private CompletionStage<Caller> byKey(String header) {
    String h = header.trim();
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return failed("Authorization must be 'Bearer <API key>'");
    }
    String key = h.substring(7).trim();
    if (!KeyMaterial.looksLikeKey(key)) {
      return failed("API key is malformed (expected vtro_ followed by 43 base64url characters)");
    }
    String hash = KeyMaterial.sha256Hex(key);
    long now = System.currentTimeMillis();
    KeyCache.Entry cached = keys.get(hash);
    if (cached instanceof KeyCache.Revoked) {
      return failed(REVOKED);
    }
    if (cached instanceof KeyCache.Valid v) {
      if (v.claimReport(now)) {
        askEntity(hash, now); // last used, and a second check for revocation; not awaited
      }
      return CompletableFuture.completedFuture(
          new Caller.Key(v.keyId(), v.workspaceId(), hash, v.scopes(), v.databaseIds()));
    }
    return askEntity(hash, now);
  }

  private CompletionStage<Caller> askEntity(String hash, long now) {
    return entities
        .<ApiKey.Command, ApiKey.Reply>ask(
            ApiKey.ENTITY_KEY, hash, r -> new ApiKey.Authenticate(now, r))
        .thenCompose(
            reply -> {
              if (reply instanceof ApiKey.Info info) {
                keys.valid(hash, info, now);
                return CompletableFuture.completedFuture(
                    new Caller.Key(
                        info.keyId(),
                        info.workspaceId(),
                        hash,
                        Scope.of(info.scopes()),
                        info.databaseIds() == null ? null : Set.copyOf(info.databaseIds())));
              }
              if (reply instanceof ApiKey.Refused) {
                keys.revoked(hash);
                return failed(REVOKED);
              }
              keys.unknown(hash);
              return failed("API key is not valid");
            });
  }

  private static final String REVOKED = "API key has been revoked";

  private CompletionStage<Caller> bySession(String token) {
    if (token.length() != 43) {
      return failed("session is not valid; log in again");
    }
    String hash = KeyMaterial.sha256Hex(token);
    return entities
        .<Session.Command, Session.Reply>ask(Session.ENTITY_KEY, hash, Session.Get::new)
        .thenCompose(
            reply ->
                reply instanceof Session.Active a
                    ? CompletableFuture.completedFuture(
                        new Caller.UserSession(a.email(), a.workspaceId(), hash))
                    : failed("session is not valid or has ended; log in again"));
  }

  private static <T> CompletionStage<T> failed(String message) {
    return CompletableFuture.failedFuture(new ApiException(ErrorCode.UNAUTHORIZED, message));
  }
}
