package dev.vetro.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end: `vetro all-in-one` in its own JVM in front of a real
 * PostgreSQL serves a client through the proxy, blocks a dangerous statement with PostgreSQL's own
 * error while the session goes on, and answers on the control plane's port.
 */
class AllInOneTest {
  @TempDir Path dir;

  @Test
  void allInOneProxiesBlocksAndServesTheApi() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    // Setup goes straight to the server: the firewall (rightly) blocks DROP TABLE.
    pg.execAsSuperuser("DROP TABLE IF EXISTS all_in_one_users");
    int proxyPort = FreePorts.pick();
    int apiPort = FreePorts.pick();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "all-in-one"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("vetro.log").toFile());
    pb.environment().put("UPSTREAM_PG_HOST", pg.host());
    pb.environment().put("UPSTREAM_PG_PORT", Integer.toString(pg.port()));
    pb.environment().put("PROXY_PG_LISTEN_HOST", "127.0.0.1");
    pb.environment().put("PROXY_PG_LISTEN_PORT", Integer.toString(proxyPort));
    pb.environment().put("PROXY_ADMIN_PORT", "0");
    pb.environment().put("VETRO_API_PORT", Integer.toString(apiPort));
    pb.environment().put("VETRO_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("VETRO_DECISION_LOG", dir.resolve("decisions.jsonl").toString());
    Process vetro = pb.start();
    try {
      awaitPort(vetro, proxyPort);
      awaitPort(vetro, apiPort);
      String url = pg.jdbcUrl(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", proxyPort);
      try (Connection c =
              DriverManager.getConnection(
                  url, PostgresServer.SCRAM_USER, PostgresServer.SCRAM_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE all_in_one_users (id int)");
        s.execute("INSERT INTO all_in_one_users VALUES (1), (2)");
        SQLException blocked =
            assertThrows(SQLException.class, () -> s.execute("DELETE FROM all_in_one_users"));
        assertEquals("42501", blocked.getSQLState(), blocked.getMessage());
        assertTrue(blocked.getMessage().contains("VETRO-001"), blocked.getMessage());
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM all_in_one_users")) {
          rs.next();
          assertEquals(
              2, rs.getInt(1), "the blocked DELETE must not have run, and the session goes on");
        }
      }
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/healthz"))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
    } finally {
      vetro.destroy();
      if (!vetro.waitFor(60, TimeUnit.SECONDS)) {
        vetro.destroyForcibly();
        fail("all-in-one did not stop within 60 s of SIGTERM:\n" + log());
      }
      pg.execAsSuperuser("DROP TABLE IF EXISTS all_in_one_users");
    }
  }

  @Test
  void allInOneWithAPolicyFileRunsOneClusteredProxySystemAndAChangeReachesAnOpenSession()
      throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execAsSuperuser(
        "DROP TABLE IF EXISTS all_in_one_file; CREATE TABLE all_in_one_file (id int);"
            + " GRANT ALL ON all_in_one_file TO PUBLIC");
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"version\": 1, \"rules\": {\"VETRO-001\": {\"enabled\": false}}}");
    int proxyPort = FreePorts.pick();
    int apiPort = FreePorts.pick();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "all-in-one"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("vetro.log").toFile());
    pb.environment().put("UPSTREAM_PG_HOST", pg.host());
    pb.environment().put("UPSTREAM_PG_PORT", Integer.toString(pg.port()));
    pb.environment().put("PROXY_PG_LISTEN_HOST", "127.0.0.1");
    pb.environment().put("PROXY_PG_LISTEN_PORT", Integer.toString(proxyPort));
    pb.environment().put("PROXY_ADMIN_PORT", "0");
    pb.environment().put("VETRO_API_PORT", Integer.toString(apiPort));
    pb.environment().put("VETRO_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("VETRO_POLICY_FILE", policy.toString());
    pb.environment().put("VETRO_POLICY_REFRESH_SECONDS", "1");
    Process vetro = pb.start();
    try {
      awaitPort(vetro, proxyPort);
      String url = pg.jdbcUrl(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", proxyPort);
      try (Connection c =
              DriverManager.getConnection(
                  url, PostgresServer.SCRAM_USER, PostgresServer.SCRAM_PASSWORD);
          Statement s = c.createStatement()) {
        assertEquals(
            0, s.executeUpdate("DELETE FROM all_in_one_file"), "allowed by the file's policy");
        Files.writeString(policy, "{\"version\": 2}");
        Files.setLastModifiedTime(
            policy,
            java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          try {
            s.executeUpdate("DELETE FROM all_in_one_file");
          } catch (SQLException e) {
            assertEquals("42501", e.getSQLState(), e.getMessage());
            break;
          }
          assertTrue(
              System.nanoTime() < deadline,
              "the new policy did not reach the session in 30 s:\n" + log());
          Thread.sleep(200);
        }
      }
      String log = log();
      assertTrue(log.contains("policy cache: sharded entity vetro-policy-cache/"), log);
      assertTrue(
          log.contains("pekko://vetro-proxy@"),
          "the proxy's own system is the cluster member: " + log);
    } finally {
      vetro.destroy();
      if (!vetro.waitFor(60, TimeUnit.SECONDS)) {
        vetro.destroyForcibly();
        fail("all-in-one did not stop within 60 s of SIGTERM:\n" + log());
      }
      pg.execAsSuperuser("DROP TABLE IF EXISTS all_in_one_file");
    }
  }

  private void awaitPort(Process vetro, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!vetro.isAlive()) {
        fail("all-in-one exited with " + vetro.exitValue() + ":\n" + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    fail("all-in-one did not listen on " + port + " within 120 s:\n" + log());
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("vetro.log"));
  }
}
