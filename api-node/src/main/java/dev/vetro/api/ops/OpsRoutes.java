package dev.vetro.api.ops;

import dev.vetro.api.http.ErrorCode;
import dev.vetro.api.http.Json;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Unauthenticated operational endpoints: {@code /healthz} (the process serves HTTP), {@code
 * /readyz} (cluster member Up and the database answers: only then route traffic here), {@code
 * /metrics} (Prometheus) and the OpenAPI document.
 */
public final class OpsRoutes extends AllDirectives {
  private static final ContentType PROMETHEUS = ContentTypes.TEXT_PLAIN_UTF8;

  private final ActorSystem<?> system;
  private final Storage storage;
  private final Metrics metrics;
  private final OpenApi openApi;
  private final Executor blocking;

  public OpsRoutes(
      ActorSystem<?> system, Storage storage, Metrics metrics, OpenApi openApi, Executor blocking) {
    this.system = system;
    this.storage = storage;
    this.metrics = metrics;
    this.openApi = openApi;
    this.blocking = blocking;
  }

  public Route routes() {
    // method inside path: a matching get() would cancel other routes' 405s (pekko's
    // cancelRejections)
    return concat(
        path("healthz", () -> get(() -> complete(Json.ok(Map.of("status", "ok"))))),
        path("readyz", () -> get(() -> onSuccess(ready(), this::complete))),
        path(
            "metrics",
            () ->
                get(
                    () ->
                        complete(
                            HttpResponse.create()
                                .withEntity(
                                    PROMETHEUS,
                                    metrics
                                        .render()
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))))),
        path(
            org.apache.pekko.http.javadsl.server.PathMatchers.segment("api").slash("openapi.json"),
            () ->
                get(
                    () ->
                        complete(
                            HttpResponse.create()
                                .withEntity(ContentTypes.APPLICATION_JSON, openApi.document())))));
  }

  private CompletionStage<HttpResponse> ready() {
    return CompletableFuture.supplyAsync(
        () -> {
          boolean up = Cluster.get(system).selfMember().status() == MemberStatus.up();
          if (!up) {
            return Json.error(ErrorCode.UNAVAILABLE, "cluster member is not Up yet");
          }
          try (Connection c = storage.connection();
              Statement st = c.createStatement()) {
            st.execute("SELECT 1");
          } catch (Exception e) {
            return Json.error(ErrorCode.UNAVAILABLE, "database not reachable: " + e.getMessage());
          }
          return Json.response(
              StatusCodes.OK,
              Map.of("status", "ready", "storage", storage.kind().name().toLowerCase()));
        },
        blocking);
  }
}
