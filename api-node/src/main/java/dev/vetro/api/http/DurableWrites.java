package dev.vetro.api.http;

import dev.vetro.api.storage.Storage;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Complete;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;

/**
 * A 2xx to a state-changing request leaves only once what it wrote survives {@code kill -9}: the
 * answer waits for {@link Storage#barrier} (a store of the H2 file; nothing on PostgreSQL). Failed
 * writes and reads pass straight through. Not for the evaluation routes, whose decision history has
 * its own spool and whose volume would pay a store per request.
 */
final class DurableWrites extends AllDirectives {
  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethods.POST, HttpMethods.PUT, HttpMethods.PATCH, HttpMethods.DELETE);

  private final Storage storage;
  private final Executor blocking;

  DurableWrites(Storage storage, Executor blocking) {
    this.storage = storage;
    this.blocking = blocking;
  }

  Route around(Supplier<Route> inner) {
    if (storage.kind() != Storage.Kind.H2) {
      return inner.get();
    }
    return extractMethod(
        method -> {
          if (!WRITES.contains(method)) {
            return inner.get();
          }
          return mapRouteResultWith(
              result -> {
                if (result instanceof Complete done && done.getResponse().status().isSuccess()) {
                  return CompletableFuture.supplyAsync(
                      () -> {
                        storage.barrier();
                        return (RouteResult) done;
                      },
                      blocking);
                }
                return CompletableFuture.completedFuture(result);
              },
              inner);
        });
  }
}
