package dev.vetro.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's first start (deploy/local): all-in-one with VETRO_BOOTSTRAP_* registers a user,
 * a database and a proxy key, so a DELETE blocked at the proxy shows up in that database's
 * decisions in the API; a second start reuses them.
 */
class FirstStartTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Process start(int proxyPort, int apiPort, PostgresServer pg) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "all-in-one"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("vetro.log").toFile()));
    pb.environment().put("UPSTREAM_PG_HOST", pg.host());
    pb.environment().put("UPSTREAM_PG_PORT", Integer.toString(pg.port()));
    pb.environment().put("PROXY_PG_LISTEN_HOST", "127.0.0.1");
    pb.environment().put("PROXY_PG_LISTEN_PORT", Integer.toString(proxyPort));
    pb.environment().put("VETRO_API_PORT", Integer.toString(apiPort));
    pb.environment().put("VETRO_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("VETRO_BOOTSTRAP_EMAIL", "admin@example.org");
    pb.environment().put("VETRO_BOOTSTRAP_PASSWORD", "correct horse battery staple");
    pb.environment().put("VETRO_KDF_ITERATIONS", "600000");
    return pb.start();
  }

  private void await(Process p, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "all-in-one exited:\n" + log());
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("port " + port + " never opened:\n" + log());
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("vetro.log"));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  @Test
  void firstStartRegistersTheProxySoABlockedDeleteIsInTheApisDecisions() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execAsSuperuser(
        "CREATE TABLE IF NOT EXISTS first_start_t (id int); GRANT ALL ON first_start_t TO PUBLIC");
    int proxyPort = FreePorts.pick();
    int apiPort = FreePorts.pick();
    Process vetro = start(proxyPort, apiPort, pg);
    String databaseId;
    try {
      await(vetro, apiPort);
      await(vetro, proxyPort);
      String url = pg.jdbcUrl(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", proxyPort);
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        SQLException blocked =
            assertThrows(SQLException.class, () -> s.execute("DELETE FROM first_start_t"));
        assertEquals("42501", blocked.getSQLState(), blocked.getMessage());
      }
      JsonNode saved = JSON.readTree(dir.resolve("data/bootstrap.json").toFile());
      databaseId = saved.path("database_id").asText();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + apiPort + "/api/v1";
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"email\":\"admin@example.org\","
                              + "\"password\":\"correct horse battery staple\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode(), login.body());
      String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
      JsonNode decisions = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            base + "/databases/" + databaseId + "/decisions?decision=BLOCKED"))
                    .header("Cookie", cookie)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        decisions = JSON.readTree(r.body());
        if (decisions.toString().contains("VETRO-001")) {
          break;
        }
        Thread.sleep(500);
      }
      assertTrue(
          decisions != null && decisions.toString().contains("VETRO-001"), "" + decisions + log());
    } finally {
      stop(vetro);
    }

    // a second start keeps the same registration
    int proxyPort2 = FreePorts.pick();
    int apiPort2 = FreePorts.pick();
    Process again = start(proxyPort2, apiPort2, pg);
    try {
      await(again, proxyPort2);
      assertEquals(
          databaseId,
          JSON.readTree(dir.resolve("data/bootstrap.json").toFile()).path("database_id").asText());
      assertEquals(1, log().split("first start: created database", -1).length - 1, log());
    } finally {
      stop(again);
    }
  }
}
