package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.heartbeat.ProxyStatus;
import dev.vetro.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real PostgreSQL: ProxyServer with NodeWiring.fromConfig (one clustered actor
 * system), a policy file edited while a pgjdbc session stays open, and the decision log written on
 * shutdown.
 */
class PolicyChangeThroughProxyTest {
  private static final String TABLE = "vetro_policy_wiring_t";
  @TempDir Path dir;

  private static void writePolicy(Path file, long version, String mode, long mtimeSeconds)
      throws Exception {
    Files.writeString(
        file, "{\"schema_version\":1,\"version\":" + version + ",\"mode\":\"" + mode + "\"}");
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeSeconds * 1000));
  }

  @Test
  void policyChangeReachesAnOpenSessionAndDecisionsAreLoggedRedacted() throws Exception {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); INSERT INTO "
                + TABLE
                + " VALUES (1), (2); GRANT ALL ON "
                + TABLE
                + " TO PUBLIC");
    Path policy = dir.resolve("policy.json");
    writePolicy(policy, 1, "enforce", 1_000);
    Path log = dir.resolve("decisions.jsonl");
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_POLICY_FILE", policy.toString());
    env.put("VETRO_DATA_DIR", dir.toString());
    env.put("VETRO_DECISION_LOG", log.toString());
    env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");

    ProxyServer proxy = TestNodes.start(ProxyTestSupport.config(), env);
    try (Connection c =
            DriverManager.getConnection(
                ProxyTestSupport.jdbcUrl(proxy, PostgresServer.TRUST_USER, "disable"));
        Statement s = c.createStatement()) {
      SQLException blocked =
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM " + TABLE));
      assertEquals("42501", blocked.getSQLState(), blocked.getMessage());

      writePolicy(policy, 2, "observe", 2_000);
      int deleted = -1;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (deleted < 0) {
        try {
          deleted = s.executeUpdate("DELETE FROM " + TABLE); // same session, no reconnect
        } catch (SQLException e) {
          assertEquals("42501", e.getSQLState(), e.getMessage());
          assertTrue(
              System.nanoTime() < deadline, "observe mode did not reach the open session in 30 s");
          Thread.sleep(200);
        }
      }
      assertEquals(2, deleted, "observe mode lets the statement through");
      s.execute("SELECT 'topsecret-4711' AS v");
    } finally {
      proxy.shutdown(Duration.ofSeconds(2)); // flushes the decision buffer
    }

    List<JsonNode> events = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(log)) {
      events.add(json.readTree(line));
    }
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.path("decision").asText().equals("BLOCKED")
                        && e.path("policy_version").asLong() == 1),
        "the enforce-mode block is logged: " + events);
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.path("policy_version").asLong() == 2
                        && e.path("enforce_decision").asText().equals("BLOCKED")
                        && !e.path("decision").asText().equals("BLOCKED")),
        "observe mode records what enforce would do: " + events);
    String text = Files.readString(log);
    assertFalse(text.contains("topsecret-4711"), "literals never reach the log");
    assertTrue(
        events.stream().anyMatch(e -> e.path("statement").asText().contains("'?'")),
        "the SELECT is recorded, redacted: " + events);
  }

  @Test
  void oneClusteredActorSystemCarriesSessionsAndCacheAndAChangeReachesSimpleAndPreparedSessions()
      throws Exception {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); GRANT ALL ON "
                + TABLE
                + " TO PUBLIC");
    Path policy = dir.resolve("policy.json");
    writePolicy(policy, 1, "observe", 1_000);
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_POLICY_FILE", policy.toString());
    env.put("VETRO_DATA_DIR", dir.toString());
    env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");

    ProxyServer proxy = TestNodes.start(ProxyTestSupport.config(), env);
    String url = ProxyTestSupport.jdbcUrl(proxy, PostgresServer.TRUST_USER, "disable");
    try (Connection simple = DriverManager.getConnection(url + "&preferQueryMode=simple");
        Connection prepared = DriverManager.getConnection(url + "&prepareThreshold=1");
        Statement s = simple.createStatement();
        PreparedStatement deleteAll = prepared.prepareStatement("DELETE FROM " + TABLE)) {
      // One system per node: the sessions' event loops and the sharded cache live in it.
      assertTrue(PolicyCluster.isClustered(proxy.system()), "the node's own system is clustered");
      TestNodes.awaitUp(proxy.system(), Duration.ofSeconds(20));
      assertTrue(
          proxy
              .policyWiring()
              .orElseThrow()
              .startupSummary()
              .contains(proxy.system().address().toString()),
          proxy.policyWiring().orElseThrow().startupSummary());
      ProxyStatus status = proxy.policyWiring().orElseThrow().heartbeat().orElseThrow().beat();
      assertEquals(2, status.openSessions(), "the heartbeat counts this node's sessions");
      assertTrue(
          status.upstreamReachable(),
          "probed at the configured upstream: " + status.upstreamReachability());
      assertEquals("disable", status.upstreamTlsMode());
      assertEquals("disable", status.clientTlsMode());

      assertEquals(0, s.executeUpdate("DELETE FROM " + TABLE), "observe: runs");
      assertEquals(0, deleteAll.executeUpdate(), "observe: prepared in the server and run");
      assertTrue(deleteAll.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare());

      writePolicy(policy, 2, "enforce", 2_000);
      awaitBlocked(() -> s.executeUpdate("DELETE FROM " + TABLE)); // simple protocol, same session
      awaitBlocked(deleteAll::executeUpdate); // the statement prepared under observe, bound again
      assertEquals(1, s.executeUpdate("INSERT INTO " + TABLE + " VALUES (1)"), "sessions go on");
      try (ResultSet rs =
          prepared.createStatement().executeQuery("SELECT count(*) FROM " + TABLE)) {
        rs.next();
        assertEquals(1, rs.getInt(1), "nothing deleted after the change");
      }
    } finally {
      proxy.shutdown(Duration.ofSeconds(2));
    }
  }

  private interface Update {
    int run() throws SQLException;
  }

  private static void awaitBlocked(Update update) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        update.run();
      } catch (SQLException e) {
        assertEquals("42501", e.getSQLState(), e.getMessage());
        return;
      }
      assertTrue(
          System.nanoTime() < deadline, "enforce mode did not reach the open session in 30 s");
      Thread.sleep(200);
    }
  }
}
