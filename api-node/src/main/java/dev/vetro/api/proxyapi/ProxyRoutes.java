package dev.vetro.api.proxyapi;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.databases.Database;
import dev.vetro.api.databases.DatabaseRoutes;
import dev.vetro.api.databases.Databases;
import dev.vetro.api.decisions.DecisionLog;
import dev.vetro.api.decisions.DecisionRecord;
import dev.vetro.api.decisions.RetentionSweeper;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Body;
import dev.vetro.api.keys.Scope;
import dev.vetro.api.workspace.Workspace;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What proxy nodes call, with their API key: {@code GET proxy/policy} (ETag / If-None-Match, so an
 * unchanged policy costs a 304), {@code POST proxy/events} (batched decisions; a retried batch id
 * is recorded once) and {@code POST proxy/heartbeat} (answers with the current policy version, so a
 * proxy learns of a change within one heartbeat).
 */
public final class ProxyRoutes extends ApiDirectives {
  static final int MAX_EVENTS = 1000;
  private static final Set<String> VERDICTS = Set.of("ALLOWED", "FLAGGED", "BLOCKED");

  private final ApiContext ctx;
  private final Databases databases;
  private final RefusalStore refusals;

  public ProxyRoutes(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
    this.databases = ctx.databases();
    this.refusals = new RefusalStore(ctx);
  }

  public Route routes() {
    return pathPrefix(
        "proxy",
        () ->
            concat(
                path(
                    "policy",
                    () ->
                        get(
                            () ->
                                noteRefusals(
                                    () ->
                                        caller(
                                            Scope.PROXY,
                                            c ->
                                                parameter(
                                                    "database_id",
                                                    id ->
                                                        optionalHeaderValueByName(
                                                            "If-None-Match",
                                                            inm ->
                                                                onSuccess(
                                                                    databases.owned(c, id),
                                                                    db ->
                                                                        complete(
                                                                            policy(
                                                                                db,
                                                                                inm.orElse(
                                                                                    null)))))))))),
                path(
                    "events",
                    () ->
                        post(
                            () -> caller(Scope.PROXY, c -> jsonBody(8L << 20, b -> events(c, b))))),
                path(
                    "heartbeat",
                    () ->
                        post(
                            () ->
                                caller(
                                    Scope.PROXY, c -> jsonBody(16_384, b -> heartbeat(c, b)))))));
  }

  /**
   * A policy fetch refused for a revoked key is noted for the database's status (the proxy cannot
   * report it itself any more), then answered as before.
   */
  private Route noteRefusals(java.util.function.Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        auth ->
            parameterOptional(
                "database_id",
                dbId ->
                    handleExceptions(
                        org.apache.pekko.http.javadsl.server.ExceptionHandler.newBuilder()
                            .match(
                                ApiException.class,
                                e -> {
                                  if (e.code() == dev.vetro.api.http.ErrorCode.UNAUTHORIZED) {
                                    refusals.noteRefused(auth, dbId.orElse(null));
                                  }
                                  return failWith(e);
                                })
                            .build(),
                        inner)));
  }

  private HttpResponse policy(Database.Info db, String ifNoneMatch) {
    String etag = DatabaseRoutes.etag(db).toString();
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
      return HttpResponse.create()
          .withStatus(StatusCodes.NOT_MODIFIED)
          .addHeader(
              org.apache.pekko.http.javadsl.model.headers.ETag.create(DatabaseRoutes.etag(db)));
    }
    return DatabaseRoutes.policyResponse(ctx.policies().effective(db), db);
  }

  private Route events(Caller c, Body b) {
    String databaseId = b.requiredNonBlank("database_id");
    String batchId = b.requiredNonBlank("batch_id");
    if (batchId.length() > 128) {
      throw ApiException.invalid("field 'batch_id' must be at most 128 characters");
    }
    List<Body> items = b.requiredObjects("events", MAX_EVENTS);
    List<DecisionRecord> records = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      records.add(record(items.get(i), batchId, i));
    }
    CompletionStage<Map<String, Object>> done =
        databases
            .owned(c, databaseId)
            .thenCompose(
                db ->
                    retentionDays(db.workspaceId())
                        .thenCompose(days -> store(db, batchId, records, days)));
    return json(done);
  }

  private CompletionStage<Map<String, Object>> store(
      Database.Info db, String batchId, List<DecisionRecord> records, int days) {
    Instant now = Instant.now();
    Map<String, List<DecisionRecord>> byBucket = new LinkedHashMap<>();
    int expired = 0;
    for (DecisionRecord r : records) {
      if (RetentionSweeper.expired(r.ts(), days, now)) {
        expired++; // its bucket is deleted or about to be: never reopen it
        continue;
      }
      byBucket
          .computeIfAbsent(DecisionLog.bucketFor(db.id(), r.ts()), k -> new ArrayList<>())
          .add(r);
    }
    List<CompletableFuture<DecisionLog.Reply>> asks = new ArrayList<>();
    byBucket.forEach(
        (bucket, rs) ->
            asks.add(
                ctx.entities()
                    .<DecisionLog.Command, DecisionLog.Reply>ask(
                        DecisionLog.ENTITY_KEY,
                        bucket,
                        // the bucket is part of the id: the same batch split across days stays
                        // idempotent per day
                        r ->
                            new DecisionLog.Record(
                                batchId + "#" + bucket,
                                db.workspaceId(),
                                db.id(),
                                List.copyOf(rs),
                                r))
                    .toCompletableFuture()));
    int expiredCount = expired;
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              int accepted = 0;
              boolean duplicate = !asks.isEmpty();
              for (CompletableFuture<DecisionLog.Reply> a : asks) {
                DecisionLog.Recorded r = (DecisionLog.Recorded) a.join();
                accepted += r.accepted();
                duplicate &= r.duplicate();
              }
              ctx.metrics()
                  .add(
                      "vetro_api_decisions_recorded_total",
                      "Decisions written to the journal",
                      accepted,
                      "source",
                      "proxy");
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("batch_id", batchId);
              out.put("accepted", accepted);
              out.put("duplicate", duplicate);
              out.put("expired", expiredCount);
              return out;
            });
  }

  private static DecisionRecord record(Body e, String batchId, int index) {
    String decision = e.requiredString("decision").toUpperCase(java.util.Locale.ROOT);
    if (!VERDICTS.contains(decision)) {
      throw ApiException.invalid(
          "field 'events[" + index + "].decision' must be ALLOWED, FLAGGED or BLOCKED");
    }
    long ts = timestamp(e, index);
    // without an id, the position in the batch is one: retries of the batch then match
    String eventId = e.optionalString("event_id").orElse(batchId + ":" + index);
    if (eventId.length() > 80) {
      throw ApiException.invalid(
          "field 'events[" + index + "].event_id' must be at most 80 characters");
    }
    List<String> codes = new ArrayList<>();
    if (e.node().has("rule_codes") && e.node().get("rule_codes").isArray()) {
      e.node().get("rule_codes").forEach(n -> codes.add(n.asText()));
    }
    String ruleCode = e.optionalString("rule_code").orElse(null);
    if (ruleCode != null && !codes.contains(ruleCode)) {
      codes.add(0, ruleCode);
    }
    return new DecisionRecord(
        eventId,
        ts,
        decision,
        ruleCode,
        codes,
        e.optionalString("severity").orElse(null),
        e.optionalString("message").orElse(null),
        e.optionalString("fingerprint").orElse(null),
        e.optionalString("database_user").orElse(null),
        "proxy",
        e.optionalString("statement").orElse(null),
        verdictOrNull(e.optionalString("enforce_decision").orElse(null), index),
        clip(e.optionalString("ast_node_path").orElse(null), 500));
  }

  private static String verdictOrNull(String v, int index) {
    if (v == null) {
      return null;
    }
    String u = v.toUpperCase(java.util.Locale.ROOT);
    if (!VERDICTS.contains(u)) {
      throw ApiException.invalid(
          "field 'events[" + index + "].enforce_decision' must be ALLOWED, FLAGGED or BLOCKED");
    }
    return u;
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static long timestamp(Body e, int index) {
    if (!e.node().has("ts")) {
      return System.currentTimeMillis();
    }
    if (e.node().get("ts").isIntegralNumber()) {
      return e.node().get("ts").longValue();
    }
    String s =
        e.optionalString("ts")
            .orElseThrow(
                () -> ApiException.invalid("field 'events[" + index + "].ts' must be a time"));
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException ex) {
      throw ApiException.invalid(
          "field 'events[" + index + "].ts' must be an ISO-8601 instant or epoch milliseconds");
    }
  }

  private CompletionStage<Integer> retentionDays(String workspaceId) {
    return ctx.entities()
        .<Workspace.Command, Workspace.Reply>ask(
            Workspace.ENTITY_KEY, workspaceId, Workspace.Get::new)
        .thenApply(
            r ->
                r instanceof Workspace.Summary s
                    ? s.retentionDays()
                    : Workspace.DEFAULT_RETENTION_DAYS);
  }

  private Route heartbeat(Caller c, Body b) {
    String databaseId = b.requiredNonBlank("database_id");
    String nodeId = b.requiredNonBlank("node_id");
    if (nodeId.length() > 128) {
      throw ApiException.invalid("field 'node_id' must be at most 128 characters");
    }
    String version = b.optionalString("version").orElse(null);
    boolean reachable =
        b.optionalBoolean("upstream_reachable")
            .orElseThrow(() -> ApiException.missing("upstream_reachable"));
    Long policyVersion = b.optionalLong("policy_version").orElse(null);
    CompletionStage<Map<String, Object>> done =
        databases
            .owned(c, databaseId)
            .thenApplyAsync(
                db -> {
                  ctx.status()
                      .record(
                          new StatusStore.Heartbeat(
                              db.id(),
                              nodeId,
                              db.workspaceId(),
                              System.currentTimeMillis(),
                              version == null
                                  ? null
                                  : version.substring(0, Math.min(128, version.length())),
                              reachable,
                              policyVersion));
                  Map<String, Object> out = new LinkedHashMap<>();
                  out.put("database_id", db.id());
                  out.put("policy_version", db.policyVersion());
                  out.put(
                      "policy_stale", policyVersion != null && policyVersion != db.policyVersion());
                  return out;
                },
                ctx.blocking());
    return json(done);
  }

  /** {@code GET databases/{id}/status}: "verify connection" from the latest heartbeats. */
  public Route status(String databaseId) {
    return path(
        "status",
        () ->
            get(
                () ->
                    caller(
                        Scope.ADMIN,
                        c ->
                            json(
                                databases
                                    .owned(c, databaseId)
                                    .thenApplyAsync(
                                        db -> {
                                          long now = System.currentTimeMillis();
                                          List<Object> nodes = new ArrayList<>();
                                          boolean connected = false;
                                          for (StatusStore.Heartbeat h :
                                              ctx.status().forDatabase(db.id())) {
                                            boolean fresh = now - h.lastSeen() < STALE_AFTER_MILLIS;
                                            connected |= fresh && h.upstreamReachable();
                                            Map<String, Object> n = new LinkedHashMap<>();
                                            n.put("node_id", h.nodeId());
                                            n.put(
                                                "last_seen",
                                                Instant.ofEpochMilli(h.lastSeen()).toString());
                                            n.put("version", h.version());
                                            n.put("upstream_reachable", h.upstreamReachable());
                                            n.put("policy_version", h.policyVersion());
                                            n.put("online", fresh);
                                            nodes.add(n);
                                          }
                                          Map<String, Object> out = new LinkedHashMap<>();
                                          out.put("database_id", db.id());
                                          out.put("connected", connected);
                                          out.put("policy_version", db.policyVersion());
                                          out.put("proxies", nodes);
                                          List<RefusalStore.Refusal> refused =
                                              refusals.forDatabase(db.id(), now - 3_600_000);
                                          long newestBeat =
                                              ctx.status().forDatabase(db.id()).stream()
                                                  .mapToLong(StatusStore.Heartbeat::lastSeen)
                                                  .max()
                                                  .orElse(0);
                                          // refused after the last heartbeat: locked out now
                                          boolean lockedOut =
                                              refused.stream()
                                                  .anyMatch(r -> r.lastRefused() > newestBeat);
                                          out.put("connected", connected && !lockedOut);
                                          out.put("refused", lockedOut);
                                          out.put("refusals", refusalViews(refused, now));
                                          return out;
                                        },
                                        ctx.blocking())))));
  }

  static final long STALE_AFTER_MILLIS = 60_000;

  /** Refused calls of the last hour: long enough to be seen, short enough not to nag forever. */
  private static List<Object> refusalViews(List<RefusalStore.Refusal> refused, long now) {
    List<Object> out = new ArrayList<>();
    for (RefusalStore.Refusal r : refused) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key_id", r.keyId());
      m.put("last_refused_at", Instant.ofEpochMilli(r.lastRefused()).toString());
      m.put("reason", r.reason());
      m.put("recent", now - r.lastRefused() < STALE_AFTER_MILLIS);
      out.add(m);
    }
    return out;
  }
}
