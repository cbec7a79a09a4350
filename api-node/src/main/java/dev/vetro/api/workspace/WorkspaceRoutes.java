package dev.vetro.api.workspace;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Body;
import dev.vetro.api.keys.Scope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/workspace}: the caller's workspace; PATCH sets the decision-history retention. */
public final class WorkspaceRoutes extends ApiDirectives {
  private final ApiContext ctx;

  public WorkspaceRoutes(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
  }

  public Route routes() {
    return path(
        "workspace",
        () ->
            concat(
                get(() -> caller(Scope.ADMIN, c -> json(ask(c, Workspace.Get::new)))),
                patch(() -> userSession(u -> jsonBody(4096, b -> setRetention(u, b))))));
  }

  private Route setRetention(Caller c, Body b) {
    long days =
        b.optionalLong("retention_days").orElseThrow(() -> ApiException.missing("retention_days"));
    if (days < 1 || days > 3650) {
      throw ApiException.invalid("field 'retention_days' must be 1..3650");
    }
    return json(ask(c, r -> new Workspace.SetRetention((int) days, r)));
  }

  private CompletionStage<Map<String, Object>> ask(
      Caller c,
      org.apache.pekko.japi.function.Function<
              org.apache.pekko.actor.typed.ActorRef<Workspace.Reply>, Workspace.Command>
          cmd) {
    return ctx.entities()
        .<Workspace.Command, Workspace.Reply>ask(Workspace.ENTITY_KEY, c.workspaceId(), cmd)
        .thenApply(
            r -> {
              if (r instanceof Workspace.Summary s) {
                return view(s);
              }
              if (r instanceof Workspace.Rejected rej) {
                throw ApiException.invalid(rej.reason());
              }
              throw ApiException.notFound("workspace");
            });
  }

  static Map<String, Object> view(Workspace.Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("owner_email", s.ownerEmail());
    m.put("created_at", Instant.ofEpochMilli(s.createdAt()).toString());
    m.put("retention_days", s.retentionDays());
    m.put("database_count", s.databaseIds().size());
    return m;
  }
}
