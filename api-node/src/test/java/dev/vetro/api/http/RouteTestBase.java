package dev.vetro.api.http;

import dev.vetro.api.ApiServer;
import dev.vetro.api.TestNode;
import dev.vetro.api.ops.OpenApi;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Assertions;
import scala.concurrent.Future;

/**
 * pekko-http's route testkit under JUnit 5 (its own base class is a JUnit 4 rule). Routes run
 * in-process against the shared node's real entities and storage; no HTTP socket in between.
 */
public abstract class RouteTestBase extends RouteTest {

  protected static ApiServer.Handle node() {
    return TestNode.shared();
  }

  protected Route route() {
    // the lag signal off: these tests assert exact statuses and have no retry, and a loaded
    // machine can make the dispatcher lag on its own; the gate has its own tests
    return new ApiRoutes(
            node().context(), new OpenApi(), java.util.Map.of("VETRO_API_SHED_LAG_MS", "0"))
        .route();
  }

  @Override
  public ActorSystem system() {
    return Adapter.toClassic(node().context().system());
  }

  @Override
  public Materializer materializer() {
    return Materializer.matFromSystem(node().context().system());
  }

  @Override
  public scala.concurrent.duration.FiniteDuration awaitDuration() {
    return scala.concurrent.duration.FiniteDuration.apply(
        30, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(
      HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system().dispatcher(), materializer()) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean predicate, String message) {
        Assertions.assertTrue(predicate, message);
      }
    };
  }
}
