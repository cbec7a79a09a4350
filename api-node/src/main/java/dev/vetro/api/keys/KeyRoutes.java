package dev.vetro.api.keys;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.cache.Invalidations;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Body;
import dev.vetro.api.http.Entities;
import dev.vetro.api.http.Json;
import dev.vetro.api.workspace.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/keys[/{id}]}: create (the key is in this one response only), list, read, revoke.
 * Managed by logged-in users only. A key id of another workspace is "not found" here: the
 * workspace's own registry is where ids are looked up.
 */
public final class KeyRoutes extends ApiDirectives {
  /** A key names databases one by one; past this many, a workspace-wide key is the honest one. */
  static final int MAX_DATABASE_IDS = 100;

  private final ApiContext ctx;

  public KeyRoutes(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
  }

  public Route routes() {
    return pathPrefix(
        "keys",
        () ->
            concat(
                pathEnd(
                    () ->
                        userSession(
                            u ->
                                concat(
                                    post(() -> jsonBody(16_384, b -> create(u, b))),
                                    get(() -> json(list(u)))))),
                path(
                    PathMatchers.segment(),
                    id ->
                        userSession(
                            u ->
                                concat(
                                    get(
                                        () ->
                                            json(
                                                hashOf(u, id)
                                                    .thenCompose(h -> get(h))
                                                    .thenApply(KeyRoutes::view))),
                                    delete(() -> json(revoke(u, id))))))));
  }

  private Route create(Caller.UserSession u, Body b) {
    String name = b.requiredNonBlank("name").strip();
    if (name.length() > 200) {
      throw ApiException.invalid("field 'name' must be at most 200 characters");
    }
    List<String> scopes =
        b.optionalStrings("scopes", Scope.values().length * 2)
            .map(
                names -> {
                  if (names.isEmpty()) {
                    throw ApiException.invalid(
                        "field 'scopes' must name at least one of evaluate, proxy, admin");
                  }
                  return Scope.names(Scope.of(names));
                })
            .orElse(Scope.names(Scope.LEGACY));
    Optional<List<String>> databaseIds =
        b.optionalStrings("database_ids", MAX_DATABASE_IDS)
            .map(ids -> List.copyOf(new LinkedHashSet<>(ids)));
    if (databaseIds.isPresent() && databaseIds.get().isEmpty()) {
      throw ApiException.invalid(
          "field 'database_ids' must name at least one database (leave it out for all)");
    }
    String key = KeyMaterial.newKey();
    String hash = KeyMaterial.sha256Hex(key);
    String id = Entities.newId();
    CompletionStage<Object> done =
        workspace(u)
            .thenCompose(
                ws -> {
                  for (String db : databaseIds.orElse(List.of())) {
                    if (!ws.databaseIds().contains(db)) {
                      throw ApiException.invalid(
                          "field 'database_ids' names '"
                              + db
                              + "', not a database of this workspace");
                    }
                  }
                  return ctx.entities()
                      .<ApiKey.Command, ApiKey.Reply>ask(
                          ApiKey.ENTITY_KEY,
                          hash,
                          r ->
                              new ApiKey.Create(
                                  id,
                                  u.workspaceId(),
                                  name,
                                  scopes,
                                  databaseIds.orElse(null),
                                  System.currentTimeMillis(),
                                  r));
                })
            .thenCompose(
                reply ->
                    ctx.entities()
                        .<Workspace.Command, Workspace.Reply>ask(
                            Workspace.ENTITY_KEY,
                            u.workspaceId(),
                            r -> new Workspace.AddKey(id, hash, r))
                        .thenApply(w -> reply))
            .thenCompose(reply -> visible(hash, reply))
            .thenApply(
                reply -> {
                  Map<String, Object> body = view((ApiKey.Info) reply);
                  body.put("key", key); // the only time the key leaves the server
                  return Json.response(StatusCodes.CREATED, body);
                });
    return json(done);
  }

  /** SQL over the catalog view ({@code api_keys_view}), oldest first, revoked keys included. */
  private CompletionStage<Map<String, Object>> list(Caller u) {
    return ctx.catalog()
        .keysAsync(u.workspaceId())
        .thenApply(keys -> Map.of("keys", keys.stream().map(KeyRoutes::view).toList()));
  }

  private CompletionStage<Map<String, Object>> revoke(Caller u, String id) {
    return hashOf(u, id)
        .thenCompose(
            h ->
                ctx.entities()
                    .<ApiKey.Command, ApiKey.Reply>ask(
                        ApiKey.ENTITY_KEY,
                        h,
                        r -> new ApiKey.Revoke(u.workspaceId(), System.currentTimeMillis(), r))
                    .thenApply(
                        reply -> {
                          if (reply instanceof ApiKey.Info i && i.revoked()) {
                            // this node at once, before the answer; the others within milliseconds
                            ctx.keyCache().revoked(h);
                            ctx.invalidations().publish(new Invalidations.KeyRevoked(h));
                          }
                          return reply;
                        })
                    .thenCompose(
                        reply ->
                            reply instanceof ApiKey.Info
                                ? visible(h, reply)
                                : CompletableFuture.completedFuture(reply)))
        .thenApply(
            reply -> {
              if (reply instanceof ApiKey.Info i) {
                return view(i);
              }
              throw ApiException.notFound("key '" + id + "'");
            });
  }

  /** Read-your-writes: {@code value} once the listing shows this key's change (bounded wait). */
  private <T> CompletionStage<T> visible(String keyHash, T value) {
    return ctx.catalog().awaitKey(keyHash).thenApply(v -> value);
  }

  private CompletionStage<ApiKey.Info> get(String hash) {
    return ctx.entities()
        .<ApiKey.Command, ApiKey.Reply>ask(ApiKey.ENTITY_KEY, hash, ApiKey.Get::new)
        .thenApply(
            reply -> {
              if (reply instanceof ApiKey.Info i) {
                return i;
              }
              throw ApiException.notFound("key");
            });
  }

  private CompletionStage<String> hashOf(Caller u, String id) {
    return workspace(u)
        .thenApply(
            ws -> {
              String hash = ws.keyHashes().get(id);
              if (hash == null) {
                throw ApiException.notFound("key '" + id + "'");
              }
              return hash;
            });
  }

  private CompletionStage<Workspace.Summary> workspace(Caller u) {
    return ctx.entities()
        .<Workspace.Command, Workspace.Reply>ask(
            Workspace.ENTITY_KEY, u.workspaceId(), Workspace.Get::new)
        .thenApply(
            r -> {
              if (r instanceof Workspace.Summary s) {
                return s;
              }
              throw ApiException.notFound("workspace");
            });
  }

  static Map<String, Object> view(ApiKey.Info i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.keyId());
    m.put("name", i.name());
    m.put("scopes", i.scopes());
    m.put("database_ids", i.databaseIds());
    m.put("created_at", Instant.ofEpochMilli(i.createdAt()).toString());
    m.put(
        "last_used_at",
        i.lastUsedAt() == null ? null : Instant.ofEpochMilli(i.lastUsedAt()).toString());
    m.put("revoked", i.revoked());
    m.put(
        "revoked_at",
        i.revokedAt() == null ? null : Instant.ofEpochMilli(i.revokedAt()).toString());
    return m;
  }
}
