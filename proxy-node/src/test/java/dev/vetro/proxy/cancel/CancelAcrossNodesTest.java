package dev.vetro.proxy.cancel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.policycache.TestNodes;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.RoundRobinBalancer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered nodes in one JVM behind a round-robin balancer: pgjdbc's Statement.cancel() opens
 * its cancel connection through the balancer, which sends it to the other node, and the query still
 * ends with 57014.
 */
class CancelAcrossNodesTest {
  @TempDir Path dir;

  @Test
  void pgjdbcCancelLandingOnTheOtherNodeCancelsTheQuery() throws Exception {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"version\": 1}");
    int[] cluster = {FreePorts.pick(), FreePorts.pick()};
    String seeds = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
    ProxyServer a = node(policy, "a", cluster[0], seeds);
    ProxyServer b = node(policy, "b", cluster[1], seeds);
    try (RoundRobinBalancer lb = new RoundRobinBalancer(List.of(a.boundPort(), b.boundPort()))) {
      TestNodes.eventually(
          "two members",
          Duration.ofSeconds(60),
          () -> a.readiness().clusterMembersUp() == 2 && b.readiness().clusterMembersUp() == 2);
      String url =
          ProxyTestSupport.pg()
              .jdbcUrl(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", lb.port());
      try (Connection c =
              DriverManager.getConnection(
                  url, PostgresServer.SCRAM_USER, PostgresServer.SCRAM_PASSWORD);
          Statement s = c.createStatement()) {
        CompletableFuture<SQLException> failed =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    s.executeQuery("SELECT count(*) FROM generate_series(1, 4000000000)");
                    return null;
                  } catch (SQLException e) {
                    return e;
                  }
                });
        Thread.sleep(2000);
        s.cancel();
        SQLException e = failed.get(60, TimeUnit.SECONDS);
        assertNotNull(e);
        assertEquals("57014", e.getSQLState(), e.getMessage());
      }
    } finally {
      a.shutdown(Duration.ZERO);
      b.shutdown(Duration.ZERO);
    }
  }

  private ProxyServer node(Path policy, String name, int clusterPort, String seeds) {
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_POLICY_FILE", policy.toString());
    env.put("VETRO_DATA_DIR", dir.resolve(name).toString());
    env.put("VETRO_DECISION_LOG", dir.resolve(name + ".jsonl").toString());
    env.put("VETRO_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("VETRO_CLUSTER_SEEDS", seeds);
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");
    return TestNodes.start(ProxyTestSupport.config(), env);
  }
}
