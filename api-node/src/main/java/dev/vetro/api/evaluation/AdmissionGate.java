package dev.vetro.api.evaluation;

import dev.vetro.api.http.ErrorCode;
import dev.vetro.api.http.Json;
import dev.vetro.api.ops.Metrics;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;

/**
 * The evaluation routes' front door: the outermost route directive, so an evaluation request meets
 * {@link Admission} before the cross-site check, authentication (an entity ask on a key-cache miss)
 * and the body parse. A refused request has its body discarded (the connection stays usable for the
 * client's retry) and is answered {@code 503 unavailable} with {@code Retry-After: 1}, counted in
 * {@code vetro_api_evaluations_shed_total}. An admitted one holds its slot until its route's result
 * is made, whatever that result is (answer, rejection, failure).
 *
 * <p>Why before authentication: refusing must cost less than judging, or shedding only moves the
 * queue; a key lookup and a JSON parse are most of a cache-hit evaluation's cost. The price is that
 * an unauthenticated caller past capacity learns only that the node is busy, which it could learn
 * from the response time anyway.
 */
public final class AdmissionGate extends AllDirectives {
  static final String QUERY_PATH = "/api/v1/proxy/query";
  static final String CHECK_PATH = "/api/v1/ci/check";

  private final Admission admission;
  private final Metrics metrics;
  private final Materializer materializer;
  private final HttpResponse refusal =
      Json.error(ErrorCode.UNAVAILABLE, "evaluation capacity exceeded; retry shortly")
          .addHeader(RetryAfter.create(1L));

  public AdmissionGate(Admission admission, Metrics metrics, Materializer materializer) {
    this.admission = admission;
    this.metrics = metrics;
    this.materializer = materializer;
  }

  /** Only evaluation requests are gated; the rest (dashboard, ops, key management) pass through. */
  static boolean gated(HttpRequest req) {
    if (!req.method().equals(HttpMethods.POST)) {
      return false;
    }
    String path = req.getUri().path();
    return path.equals(QUERY_PATH) || path.equals(CHECK_PATH);
  }

  public Route guard(Supplier<Route> inner) {
    return extractRequest(
        req -> {
          if (!gated(req)) {
            return inner.get();
          }
          if (!admission.tryEnter()) {
            req.discardEntityBytes(materializer);
            metrics.inc("vetro_api_evaluations_shed_total", "Evaluation requests refused with 503");
            return complete(refusal);
          }
          return mapRouteResultFuture(
              result -> result.whenComplete((r, e) -> admission.exit()), inner);
        });
  }
}
