package dev.vetro.api.cluster;

import dev.vetro.api.ApiClient;
import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import dev.vetro.api.TestNode;
import dev.vetro.testkit.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Two api nodes in this JVM (two ActorSystems) forming one cluster over one journal in a fresh
 * database of the testkit's real PostgreSQL: A joins itself, B is given A as its seed node, as
 * {@code VETRO_API_SEED_NODES} would.
 */
final class TwoNodeCluster implements AutoCloseable {
  final ApiServer.Handle a;
  final ApiServer.Handle b;

  private TwoNodeCluster(ApiServer.Handle a, ApiServer.Handle b) {
    this.a = a;
    this.b = b;
  }

  static TwoNodeCluster start() {
    PostgresServer pg = PostgresServer.shared();
    String db = "vetro_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg.execAsSuperuser("CREATE DATABASE " + db);
    String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db;
    ApiServer.Handle a = ApiServer.start(config("vetro-cluster-a", url, List.of()));
    try {
      String seed = Cluster.get(a.context().system()).selfMember().address().toString();
      ApiServer.Handle b = ApiServer.start(config("vetro-cluster-b", url, List.of(seed)));
      TwoNodeCluster c = new TwoNodeCluster(a, b);
      await(
          Duration.ofSeconds(30),
          () -> c.upMembersSeenBy(a) == 2 && c.upMembersSeenBy(b) == 2,
          () ->
              "both nodes see two members Up: A sees "
                  + c.upMembersSeenBy(a)
                  + ", B sees "
                  + c.upMembersSeenBy(b));
      return c;
    } catch (RuntimeException | Error e) {
      a.shutdown();
      throw e;
    }
  }

  private static ApiConfig config(String dir, String url, List<String> seeds) {
    return ApiConfig.embedded(TestNode.tempDir(dir))
        .withJournal(url, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD)
        .withSeedNodes(seeds);
  }

  private long upMembersSeenBy(ApiServer.Handle node) {
    return java.util.stream.StreamSupport.stream(
            Cluster.get(node.context().system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  ApiClient clientA() {
    return new ApiClient(a.boundPort());
  }

  ApiClient clientB() {
    return new ApiClient(b.boundPort());
  }

  /** Polls until {@code condition} holds; fails with {@code what} once {@code bound} has passed. */
  static void await(Duration bound, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound.toMillis() + " ms: " + what.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    b.shutdown();
    a.shutdown();
  }
}
