package dev.vetro.api.databases;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Body;
import dev.vetro.api.http.Entities;
import dev.vetro.api.http.ErrorCode;
import dev.vetro.api.http.Json;
import dev.vetro.api.keys.Scope;
import dev.vetro.api.workspace.Workspace;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/databases[/{id}[/policy]]}: create, list, read, update (rename, mode, dialect),
 * delete, and the versioned policy. Sub-resources of a database owned by other features (decisions,
 * events, status) are mounted through {@code subResources}.
 */
public final class DatabaseRoutes extends ApiDirectives {
  static final long POLICY_BODY_LIMIT = 256 * 1024;

  private final ApiContext ctx;
  private final Databases databases;
  private final Function<String, Route> subResources;
  private final DatabaseHistory history;

  public DatabaseRoutes(
      ApiContext ctx, Authenticator authenticator, Function<String, Route> subResources) {
    super(authenticator);
    this.ctx = ctx;
    this.databases = ctx.databases();
    this.subResources = subResources;
    this.history = new DatabaseHistory(ctx.system());
  }

  public Route routes() {
    return pathPrefix(
        "databases",
        () ->
            concat(
                pathEnd(
                    () ->
                        caller(
                            Scope.ADMIN,
                            c ->
                                concat(
                                    post(() -> jsonBody(POLICY_BODY_LIMIT, b -> create(c, b))),
                                    get(() -> json(list(c)))))),
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEnd(
                                () ->
                                    caller(
                                        Scope.ADMIN,
                                        c ->
                                            concat(
                                                get(
                                                    () ->
                                                        json(
                                                            databases
                                                                .owned(c, id)
                                                                .thenApply(Databases::view))),
                                                patch(
                                                    () -> jsonBody(16_384, b -> update(c, id, b))),
                                                delete(
                                                    () ->
                                                        onSuccess(
                                                            delete(c, id), this::complete))))),
                            path(
                                "policy",
                                () ->
                                    caller(
                                        Scope.ADMIN,
                                        c ->
                                            concat(
                                                get(
                                                    () ->
                                                        onSuccess(
                                                            databases.owned(c, id),
                                                            db -> complete(policyResponse(db)))),
                                                put(
                                                    () ->
                                                        jsonBody(
                                                            POLICY_BODY_LIMIT,
                                                            b -> setPolicy(c, id, b)))))),
                            path(
                                "history",
                                () ->
                                    get(
                                        () ->
                                            caller(
                                                Scope.ADMIN,
                                                c ->
                                                    json(
                                                        databases
                                                            .owned(c, id)
                                                            .thenCompose(db -> history.of(id)))))),
                            subResources.apply(id)))));
  }

  private Route create(Caller c, Body b) {
    if (c instanceof Caller.Key k && k.databaseIds() != null) {
      // a key limited to named databases cannot make one it would not be allowed to touch
      throw new ApiException(
          ErrorCode.FORBIDDEN, "this API key is limited to named databases; it cannot create one");
    }
    String name = Databases.name(b.requiredString("name"));
    String dialect = Databases.dialect(b.optionalString("dialect").orElse("postgres"));
    String mode = Databases.mode(b.optionalString("mode").orElse("enforce"));
    String policyJson = policyJson(b.optionalObject("policy").orElse(null));
    String id = Entities.newId();
    CompletionStage<HttpResponse> done =
        ctx.entities()
            .<Database.Command, Database.Reply>ask(
                Database.ENTITY_KEY,
                id,
                r ->
                    new Database.Create(
                        c.workspaceId(),
                        name,
                        dialect,
                        mode,
                        policyJson,
                        System.currentTimeMillis(),
                        c.actor(),
                        r))
            .thenCompose(
                reply -> {
                  Database.Info info = Databases.checked(reply, c, id);
                  return ctx.entities()
                      .<Workspace.Command, Workspace.Reply>ask(
                          Workspace.ENTITY_KEY,
                          c.workspaceId(),
                          r -> new Workspace.AddDatabase(id, r))
                      .thenCompose(w -> visible(id, info));
                })
            .thenApply(info -> Json.response(StatusCodes.CREATED, Databases.view(info)));
    return onSuccess(done, this::complete);
  }

  /**
   * SQL over the catalog view ({@code databases_view}), oldest first; deleted ones are not listed.
   */
  private CompletionStage<Map<String, Object>> list(Caller c) {
    return ctx.catalog()
        .databasesAsync(c.workspaceId())
        .thenApply(
            dbs ->
                Map.of(
                    "databases",
                    dbs.stream().filter(d -> c.reaches(d.id())).map(Databases::view).toList()));
  }

  private Route update(Caller c, String id, Body b) {
    String name = b.optionalString("name").map(Databases::name).orElse(null);
    String dialect = b.optionalString("dialect").map(Databases::dialect).orElse(null);
    String mode = b.optionalString("mode").map(Databases::mode).orElse(null);
    return json(
        databases
            .owned(c, id)
            .thenCompose(
                i ->
                    ctx.entities()
                        .<Database.Command, Database.Reply>ask(
                            Database.ENTITY_KEY,
                            id,
                            r ->
                                new Database.Update(
                                    c.workspaceId(), name, dialect, mode, c.actor(), r)))
            .thenCompose(
                reply -> {
                  databases.changed(id);
                  return visible(id, Databases.checked(reply, c, id));
                })
            .thenApply(Databases::view));
  }

  private CompletionStage<HttpResponse> delete(Caller c, String id) {
    return databases
        .owned(c, id)
        .thenCompose(
            i ->
                ctx.entities()
                    .<Database.Command, Database.Reply>ask(
                        Database.ENTITY_KEY,
                        id,
                        r -> new Database.Delete(c.workspaceId(), c.actor(), r)))
        .thenCompose(
            reply -> {
              databases.changed(id);
              Databases.checked(reply, c, id);
              ctx.policies().forget(id);
              return ctx.entities()
                  .<Workspace.Command, Workspace.Reply>ask(
                      Workspace.ENTITY_KEY,
                      c.workspaceId(),
                      r -> new Workspace.RemoveDatabase(id, r))
                  .thenCompose(w -> visible(id, w));
            })
        .thenApply(w -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
  }

  private Route setPolicy(Caller c, String id, Body b) {
    String policyJson = policyJson(b.node());
    String mode = b.optionalString("mode").map(Databases::mode).orElse(null);
    CompletionStage<HttpResponse> done =
        databases
            .owned(c, id)
            .thenCompose(
                i ->
                    ctx.entities()
                        .<Database.Command, Database.Reply>ask(
                            Database.ENTITY_KEY,
                            id,
                            r -> new Database.SetPolicy(c.workspaceId(), policyJson, c.actor(), r)))
            .thenCompose(
                reply -> {
                  databases.changed(id);
                  Databases.checked(reply, c, id);
                  // a document that names a mode sets the database's mode, the one the engine
                  // applies
                  return ctx.entities()
                      .<Database.Command, Database.Reply>ask(
                          Database.ENTITY_KEY,
                          id,
                          r ->
                              new Database.Update(c.workspaceId(), null, null, mode, c.actor(), r));
                })
            .thenCompose(
                reply -> {
                  databases.changed(id);
                  return visible(id, Databases.checked(reply, c, id));
                })
            .thenApply(this::policyResponse);
    return onSuccess(done, this::complete);
  }

  /**
   * Read-your-writes: {@code value} once the listing shows this database's change (bounded wait).
   */
  private <T> CompletionStage<T> visible(String databaseId, T value) {
    return ctx.catalog().awaitDatabase(databaseId).thenApply(v -> value);
  }

  /** Validates with the engine's own parser: 422 names the field that is wrong. */
  static String policyJson(JsonNode node) {
    if (node == null) {
      return Policy.defaults().toJson();
    }
    try {
      return Policy.fromJson(node.toString()).toJson();
    } catch (PolicyException e) {
      throw new ApiException(ErrorCode.INVALID_POLICY, e.getMessage());
    }
  }

  private HttpResponse policyResponse(Database.Info info) {
    return policyResponse(ctx.policies().effective(info), info);
  }

  public static HttpResponse policyResponse(Policy effective, Database.Info info) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("database_id", info.id());
    body.put("version", info.policyVersion());
    body.put("dialect", info.dialect());
    body.put("mode", info.mode());
    try {
      body.put("policy", Json.MAPPER.readTree(effective.toJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("policy JSON does not re-read", e);
    }
    return Json.ok(body).addHeader(ETag.create(etag(info)));
  }

  public static EntityTag etag(Database.Info info) {
    return EntityTag.create("v" + info.policyVersion() + "-" + info.dialect(), false);
  }
}
