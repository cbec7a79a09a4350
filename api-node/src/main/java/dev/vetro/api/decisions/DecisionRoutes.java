package dev.vetro.api.decisions;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.databases.Databases;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.Json;
import dev.vetro.api.keys.Scope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code databases/{id}/decisions} (filtered, cursor-paginated listing from the view table) and
 * {@code databases/{id}/events} (Server-Sent Events of new decisions, with a keep-alive comment so
 * proxies in between do not close an idle stream).
 */
public final class DecisionRoutes extends ApiDirectives {
  private final ApiContext ctx;
  private final Databases databases;

  public DecisionRoutes(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
    this.databases = ctx.databases();
  }

  public Route forDatabase(String databaseId) {
    return concat(
        path(
            "decisions",
            () ->
                get(
                    () ->
                        caller(
                            Scope.ADMIN,
                            c ->
                                parameterMap(
                                    params -> {
                                      DecisionFilter filter = DecisionFilter.parse(params);
                                      return json(
                                          databases
                                              .owned(c, databaseId)
                                              .thenApplyAsync(
                                                  db -> {
                                                    DecisionQueries.Page page =
                                                        ctx.decisions()
                                                            .list(
                                                                db.workspaceId(), db.id(), filter);
                                                    Map<String, Object> out = new LinkedHashMap<>();
                                                    out.put(
                                                        "decisions",
                                                        page.decisions().stream()
                                                            .map(DecisionRoutes::view)
                                                            .toList());
                                                    out.put("next_cursor", page.nextCursor());
                                                    return out;
                                                  },
                                                  ctx.blocking()));
                                    })))),
        path(
            "events",
            () ->
                get(
                    () ->
                        caller(
                            Scope.ADMIN,
                            c ->
                                onSuccess(
                                    databases.owned(c, databaseId),
                                    db ->
                                        completeOK(
                                            ctx.live()
                                                .chunksFor(db.id())
                                                .mapConcat(DecisionRoutes::events)
                                                .keepAlive(
                                                    Duration.ofSeconds(15),
                                                    ServerSentEvent::heartbeat),
                                            EventStreamMarshalling.toEventStream()))))));
  }

  /**
   * A chunk as SSE: first {@code dropped} with how many rows this viewer missed (the page adds them
   * to its dropped counter), then one {@code decision} per row.
   */
  static List<ServerSentEvent> events(LiveDecisions.Chunk chunk) {
    List<ServerSentEvent> out = new java.util.ArrayList<>(chunk.rows().size() + 1);
    if (chunk.dropped() > 0) {
      out.add(ServerSentEvent.create(Long.toString(chunk.dropped()), "dropped"));
    }
    for (DecisionRow r : chunk.rows()) {
      out.add(ServerSentEvent.create(Json.string(view(r)), "decision"));
    }
    return out;
  }

  static Map<String, Object> view(DecisionRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_id", r.eventId());
    m.put("database_id", r.databaseId());
    m.put("ts", java.time.Instant.ofEpochMilli(r.ts()).toString());
    m.put("decision", r.decision());
    m.put("rule_code", r.ruleCode());
    m.put("rule_codes", r.ruleCodes());
    m.put("severity", r.severity());
    m.put("message", r.message());
    m.put("fingerprint", r.fingerprint());
    m.put("database_user", r.databaseUser());
    m.put("source", r.source());
    m.put("statement", r.statement());
    m.put("enforce_decision", r.enforceDecision());
    m.put("ast_node_path", r.astNodePath());
    return m;
  }
}
