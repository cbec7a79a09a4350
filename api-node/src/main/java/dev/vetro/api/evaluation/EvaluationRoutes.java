package dev.vetro.api.evaluation;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.databases.Database;
import dev.vetro.api.databases.Databases;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.http.Body;
import dev.vetro.api.http.Json;
import dev.vetro.api.keys.Scope;
import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.Policy;
import dev.vetro.policy.check.CheckReport;
import dev.vetro.policy.check.CodeQualityWriter;
import dev.vetro.policy.check.SarifWriter;
import dev.vetro.policy.rules.Rule;
import dev.vetro.policy.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The seed's evaluation contract: {@code POST /api/v1/proxy/query} (one request, one Decision) and
 * {@code POST /api/v1/ci/check} (files, one result per statement, JSON, SARIF or GitLab Code
 * Quality), plus the rule catalog. A statement of ordinary size is judged on the thread that has
 * the request (a fingerprint cache hit is microseconds, a parse is bounded by the engine's budget);
 * a larger text, such as a migration file, goes to the blocking pool so the HTTP dispatcher keeps
 * answering meanwhile.
 */
public final class EvaluationRoutes extends ApiDirectives {
  /** Room for a 1 MiB query (the policy default) after JSON escaping. */
  public static final long QUERY_BODY_LIMIT = 4L << 20;

  public static final long CHECK_BODY_LIMIT = 16L << 20;

  /** Above this many characters a query is judged on the blocking pool. */
  static final int INLINE_QUERY_CHARS = 8 * 1024;

  private final ApiContext ctx;
  private final Evaluator evaluator;
  private final Databases databases;
  private final CompiledPolicy defaultPolicy = Policy.defaults().compile();

  public EvaluationRoutes(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
    this.evaluator = new Evaluator(ctx.engine());
    this.databases = ctx.databases();
  }

  public Route routes() {
    return concat(
        path(
            segs("proxy", "query"),
            () ->
                post(
                    () ->
                        caller(Scope.EVALUATE, c -> jsonBody(QUERY_BODY_LIMIT, b -> query(c, b))))),
        path(
            segs("ci", "check"),
            () ->
                post(
                    () ->
                        caller(Scope.EVALUATE, c -> jsonBody(CHECK_BODY_LIMIT, b -> check(c, b))))),
        path(
            "rules",
            () ->
                get(
                    () ->
                        complete(
                            Json.ok(
                                Map.of(
                                    "rules",
                                    RuleCatalog.all().stream()
                                        .map(EvaluationRoutes::ruleView)
                                        .toList()))))));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 segs(String a, String b) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(a).slash(b);
  }

  private Route query(Caller c, Body b) {
    String sql = b.requiredString("query");
    String databaseId = b.requiredNonBlank("database_id");
    String dialect = b.optionalString("dialect").map(Databases::dialect).orElse(null);
    String databaseUser = b.optionalString("database_user").orElse(null);
    CompletionStage<Database.Info> db = databases.ownedCached(c, databaseId);
    return onSuccess(
        sql.length() <= INLINE_QUERY_CHARS
            ? db.thenApply(d -> judge(d, sql, dialect, databaseUser))
            : db.thenApplyAsync(d -> judge(d, sql, dialect, databaseUser), ctx.blocking()),
        this::complete);
  }

  private HttpResponse judge(Database.Info db, String sql, String dialect, String databaseUser) {
    long started = System.nanoTime();
    Evaluator.Outcome o =
        evaluator.evaluate(
            sql,
            Evaluator.dialectOf(db, dialect),
            databaseUser,
            ctx.policies().compiled(db),
            "api");
    ctx.recorder().record(db.workspaceId(), db.id(), o.record());
    ctx.metrics()
        .inc(
            "vetro_api_decisions_total",
            "Decisions made by the evaluation API",
            "decision",
            o.decision().decision().name());
    ctx.metrics()
        .observe(
            "vetro_api_evaluation_seconds",
            "Engine time per evaluation request",
            (System.nanoTime() - started) / 1e9);
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, o.decision().toJson());
  }

  private Route check(Caller c, Body b) {
    List<Body> files = b.requiredObjects("files", CiCheck.MAX_FILES);
    List<CiCheck.SourceFile> sources = new ArrayList<>();
    for (Body f : files) {
      sources.add(new CiCheck.SourceFile(f.requiredNonBlank("path"), f.requiredString("content")));
    }
    String format = CiCheck.format(b.optionalString("format").orElse("json"));
    String dialect = b.optionalString("dialect").map(Databases::dialect).orElse(null);
    String databaseUser = b.optionalString("database_user").orElse(null);
    CompletionStage<PolicyChoice> policy =
        b.optionalString("database_id")
            .map(
                id ->
                    databases
                        .ownedCached(c, id)
                        .thenApply(
                            db ->
                                new PolicyChoice(
                                    ctx.policies().compiled(db),
                                    Evaluator.dialectOf(db, dialect),
                                    db)))
            .orElseGet(
                () ->
                    CompletableFuture.completedFuture(
                        new PolicyChoice(
                            defaultPolicy, dialect == null ? "postgres" : dialect, null)));
    return onSuccess(
        policy.thenApplyAsync(
            p -> {
              CheckReport report =
                  new CiCheck(ctx.engine()).check(sources, p.dialect(), databaseUser, p.policy());
              return switch (format) {
                case "sarif" ->
                    HttpResponse.create()
                        .withEntity(ContentTypes.APPLICATION_JSON, SarifWriter.render(report));
                case "gitlab" ->
                    HttpResponse.create()
                        .withEntity(
                            ContentTypes.APPLICATION_JSON, CodeQualityWriter.render(report));
                default -> Json.ok(CiCheck.view(report));
              };
            },
            ctx.blocking()),
        this::complete);
  }

  private record PolicyChoice(CompiledPolicy policy, String dialect, Database.Info db) {}

  static Map<String, Object> ruleView(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", r.code());
    m.put("title", r.title());
    m.put("severity", r.severity().jsonName());
    m.put("category", r.category().name().toLowerCase(java.util.Locale.ROOT));
    m.put("rationale", r.rationale());
    m.put("failing_example", r.failingExample());
    m.put("passing_example", r.passingExample());
    m.put("ast_node_path", r.astNodePath());
    m.put("suggested_fix", r.suggestedFix());
    m.put("enabled_by_default", r.enabledByDefault());
    return m;
  }
}
