package dev.vetro.api.http;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.AuthRoutes;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.databases.DatabaseRoutes;
import dev.vetro.api.decisions.DecisionRoutes;
import dev.vetro.api.decisions.DecisionStats;
import dev.vetro.api.evaluation.Admission;
import dev.vetro.api.evaluation.AdmissionGate;
import dev.vetro.api.evaluation.EvaluationRoutes;
import dev.vetro.api.keys.KeyRoutes;
import dev.vetro.api.ops.OpenApi;
import dev.vetro.api.ops.OpsRoutes;
import dev.vetro.api.proxyapi.ProxyRoutes;
import dev.vetro.api.web.CrossSiteGuard;
import dev.vetro.api.web.WebRoutes;
import dev.vetro.api.workspace.WorkspaceRoutes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole route tree: ops endpoints at the root, the API under {@code /api/v1}, every failure
 * turned into the JSON error contract, and every response counted and timed per route template.
 */
public final class ApiRoutes extends AllDirectives {
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.vetro.api.access");

  private final ApiContext ctx;
  private final OpenApi openApi;

  private final java.util.Map<String, String> env;

  public ApiRoutes(ApiContext ctx, OpenApi openApi) {
    this(ctx, openApi, System.getenv());
  }

  /** {@code env}: the shedding settings ({@link Admission#fromEnv}). */
  public ApiRoutes(ApiContext ctx, OpenApi openApi, java.util.Map<String, String> env) {
    this.ctx = ctx;
    this.openApi = openApi;
    this.env = env;
  }

  public Route route() {
    Authenticator auth = new Authenticator(ctx.entities(), ctx.keyCache());
    DecisionRoutes decisions = new DecisionRoutes(ctx, auth);
    ProxyRoutes proxy = new ProxyRoutes(ctx, auth);
    DecisionStats stats = new DecisionStats(ctx, auth);
    // The Java DSL calls the inner suppliers on every request: the hot route (evaluation) goes
    // first, and nothing below builds more than route objects per request.
    Route api =
        concat(
            new EvaluationRoutes(ctx, auth).routes(),
            new AuthRoutes(ctx, auth).routes(),
            new WorkspaceRoutes(ctx, auth).routes(),
            new DatabaseRoutes(
                    ctx,
                    auth,
                    id ->
                        concat(stats.forDatabase(id), decisions.forDatabase(id), proxy.status(id)))
                .routes(),
            new KeyRoutes(ctx, auth).routes(),
            proxy.routes());
    Route all =
        concat(
            // every state-changing API call passes the cross-site check (dashboard CSRF defence)
            pathPrefix(
                PathMatchers.segment("api").slash("v1"),
                () -> new CrossSiteGuard().guard(() -> api)),
            new OpsRoutes(ctx.system(), ctx.storage(), ctx.metrics(), openApi, ctx.blocking())
                .routes(),
            new WebRoutes().routes());
    ExceptionHandler exceptions = ErrorHandling.exceptions();
    RejectionHandler rejections =
        ErrorHandling.rejections(); // built once: it renders its JSON eagerly
    // Outside the error handlers, so whatever the inner route makes of a request releases its
    // admission slot; inside `measured`, so refusals are counted and timed like any answer.
    AdmissionGate gate =
        new AdmissionGate(
            Admission.fromEnv(ctx.system().executionContext(), env),
            ctx.metrics(),
            Materializer.matFromSystem(ctx.system()));
    return measured(
        gate.guard(
            () -> handleExceptions(exceptions, () -> handleRejections(rejections, () -> all))));
  }

  private Route measured(Route inner) {
    return extractRequest(
        req -> {
          long start = System.nanoTime();
          return mapResponse(
              resp -> {
                String route = openApi.templateOf(req.getUri().path());
                String status = Integer.toString(resp.status().intValue());
                double seconds = (System.nanoTime() - start) / 1e9;
                ctx.metrics()
                    .inc(
                        "vetro_api_requests_total",
                        "HTTP requests by route template and status",
                        "method",
                        req.method().name(),
                        "route",
                        route,
                        "status",
                        status);
                ctx.metrics()
                    .observe(
                        "vetro_api_request_seconds",
                        "HTTP request latency (to response headers)",
                        seconds,
                        "route",
                        route);
                // a 503 with Retry-After is load shedding (counted above and in the shed counter):
                // a log line per refusal would spend the CPU that refusing saves
                boolean shed =
                    resp.status().intValue() == 503 && resp.getHeader("Retry-After").isPresent();
                if (resp.status().intValue() >= 500 && !shed) {
                  ACCESS.warn(
                      "{} {} -> {} in {} ms",
                      req.method().name(),
                      route,
                      status,
                      Math.round(seconds * 1000));
                } else if (ACCESS.isDebugEnabled()) {
                  ACCESS.debug(
                      "{} {} -> {} in {} ms",
                      req.method().name(),
                      route,
                      status,
                      Math.round(seconds * 1000));
                }
                return resp;
              },
              () -> inner);
        });
  }
}
