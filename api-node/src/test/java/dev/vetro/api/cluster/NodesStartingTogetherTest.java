package dev.vetro.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.api.ApiClient;
import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import dev.vetro.api.storage.Storage;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nodes of one cluster are usually started together (a compose file, a Kubernetes rollout) on an
 * empty journal database, and each creates the schema on start. Two {@code CREATE TABLE IF NOT
 * EXISTS} racing on PostgreSQL can both pass the check, and the loser fails on the catalog's unique
 * index: that node would not start.
 */
class NodesStartingTogetherTest {

  @Test
  void twoNodesCreatingTheSchemaOfAnEmptyDatabaseAtOnceBothOpenIt() throws Exception {
    for (int round = 0; round < 5; round++) { // several fresh databases: one round may not overlap
      ApiConfig config =
          ApiConfig.embedded(TestNode.tempDir("vetro-schema"))
              .withJournal(
                  freshDatabase(), PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
      List<Storage> opened = together(() -> Storage.open(config), () -> Storage.open(config));
      opened.forEach(Storage::close);
    }
  }

  /**
   * As with the env vars of the README: fixed Artery ports, both nodes given the same seed list.
   */
  @Test
  void twoNodesStartedTogetherOnAnEmptyJournalFormOneClusterThatServesOnBoth() throws Exception {
    String url = freshDatabase();
    int portA = FreePorts.pick();
    int portB = FreePorts.pick();
    List<String> seeds =
        List.of("pekko://vetro-api@127.0.0.1:" + portA, "pekko://vetro-api@127.0.0.1:" + portB);
    List<ApiServer.Handle> nodes =
        together(
            () -> ApiServer.start(node("vetro-together-a", url, portA, seeds)),
            () -> ApiServer.start(node("vetro-together-b", url, portB, seeds)));
    try {
      ApiClient onA = new ApiClient(nodes.get(0).boundPort());
      ApiClient onB = new ApiClient(nodes.get(1).boundPort());
      Tenant t = Tenant.create(onA, "together");
      ApiClient.Resp d =
          onB.post(
              "/api/v1/proxy/query",
              ApiClient.json(Map.of("query", "DELETE FROM orders", "database_id", t.databaseId())),
              t.bearer());
      assertEquals(200, d.status(), d.toString());
      assertEquals("BLOCKED", d.json().path("decision").asText(), d.toString());
    } finally {
      nodes.forEach(ApiServer.Handle::shutdown);
    }
  }

  private static ApiConfig node(String dir, String url, int clusterPort, List<String> seeds) {
    return ApiConfig.embedded(TestNode.tempDir(dir))
        .withJournal(url, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD)
        .withClusterPort(clusterPort)
        .withSeedNodes(seeds);
  }

  private static String freshDatabase() {
    PostgresServer pg = PostgresServer.shared();
    String db = "vetro_together_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg.execAsSuperuser("CREATE DATABASE " + db);
    return "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db;
  }

  /** Runs both at the same instant; fails naming every one that threw (closing what did start). */
  @SafeVarargs
  private static <T> List<T> together(Callable<T>... starts) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(starts.length);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> s : starts) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return s.call();
                }));
      }
      go.countDown();
      List<T> started = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          started.add(f.get(120, TimeUnit.SECONDS));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          failures.add(String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
      }
      if (!failures.isEmpty()) {
        for (T t : started) {
          if (t instanceof AutoCloseable c) {
            try {
              c.close();
            } catch (Exception ignored) {
              // already failing; the failure below is the news
            }
          } else if (t instanceof ApiServer.Handle h) {
            h.shutdown();
          }
        }
      }
      assertEquals(List.of(), failures, "every start succeeds");
      return started;
    } finally {
      pool.shutdownNow();
    }
  }
}
