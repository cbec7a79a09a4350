package dev.vetro.distribution.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * deploy/local/docker-compose.yml with podman-compose: up, psql through the proxy port, the blocked
 * DELETE in the API's decisions of the database registered on first start, then down leaving no
 * container, volume or network. On this machine the overlay
 * src/test/resources/compose.host-network.yml puts both services on host networking with free
 * ports, PostgreSQL is a test image made from Debian packages (bin/build-test-postgres-image), and
 * podman-compose runs through bin/podman-host-net (it adds --net even for host networking).
 */
class LocalStackComposeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String PASSWORD = "local-stack-test-password";

  private final String project = "vetro-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final int pgPort = FreePorts.pick();
  private final int proxyPort = FreePorts.pick();
  private final int apiPort = FreePorts.pick();
  private final int adminPort = FreePorts.pick();

  private ProcessRunner.Result compose(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "podman-compose",
                "--podman-path",
                Path.of("bin", "podman-host-net").toAbsolutePath().toString(),
                "-p",
                project,
                "-f",
                ROOT.resolve("deploy/local/docker-compose.yml").toString(),
                "-f",
                Path.of("src/test/resources/compose.host-network.yml")
                    .toAbsolutePath()
                    .toString()));
    cmd.addAll(List.of(args));
    return ProcessRunner.of(cmd)
        .env("CONTAINERS_CONF", Podman.CONF.toString())
        .env("VETRO_IMAGE", Podman.image())
        .env("VETRO_POSTGRES_IMAGE", PostgresImage.image())
        .env("VETRO_BOOTSTRAP_PASSWORD", PASSWORD)
        .env("TEST_PG_PORT", Integer.toString(pgPort))
        .env("TEST_PROXY_PORT", Integer.toString(proxyPort))
        .env("TEST_API_PORT", Integer.toString(apiPort))
        .env("TEST_ADMIN_PORT", Integer.toString(adminPort))
        .timeout(Duration.ofMinutes(5))
        .run();
  }

  private ProcessRunner.Result psql(String sql) {
    return ProcessRunner.of(
            Tools.psql().toString(),
            "-X",
            "-tA",
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            "VERBOSITY=verbose",
            "-d",
            "host=127.0.0.1 port="
                + proxyPort
                + " dbname=app user=app password=app sslmode=disable",
            "-c",
            sql)
        .env(Map.of("PGCONNECT_TIMEOUT", "10"))
        .timeout(Duration.ofMinutes(1))
        .run();
  }

  private String leftovers() {
    String label = "label=io.podman.compose.project=" + project;
    return Podman.ok("ps", "-a", "-q", "--filter", label)
        + Podman.ok("volume", "ls", "-q", "--filter", label)
        + Podman.ok("network", "ls", "-q", "--filter", "name=" + project);
  }

  @Test
  void upShowsABlockedDeleteInTheApiWithinAMinuteAndDownLeavesNothing() throws Exception {
    try {
      long started = System.nanoTime();
      ProcessRunner.Result up = compose("up", "-d");
      assertEquals(0, up.exitCode(), up.describe());
      // PostgreSQL and Vetro start together: retry until the proxy serves a session
      ProcessRunner.Result create = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline) {
        create = psql("CREATE TABLE IF NOT EXISTS local_t (id int)");
        if (create.exitCode() == 0) {
          break;
        }
        Thread.sleep(1000);
      }
      assertEquals(0, create.exitCode(), create.describe() + logs());
      ProcessRunner.Result delete = psql("DELETE FROM local_t");
      assertTrue(delete.stderr().contains("42501"), delete.describe());
      assertTrue(delete.stderr().contains("VETRO-001"), delete.describe());

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + apiPort + "/api/v1";
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"email\":\"admin@vetro.local\",\"password\":\"" + PASSWORD + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode(), login.body());
      String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
      JsonNode dbs =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/databases"))
                          .header("Cookie", cookie)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      JsonNode list = dbs.isArray() ? dbs : dbs.path("databases");
      assertEquals(1, list.size(), "the database registered on first start: " + dbs);
      String databaseId = list.get(0).path("id").asText();
      String seen = "";
      while (System.nanoTime() < deadline && !seen.contains("VETRO-001")) {
        seen =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(base + "/databases/" + databaseId + "/decisions"))
                        .header("Cookie", cookie)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Thread.sleep(500);
      }
      assertTrue(seen.contains("VETRO-001") && seen.contains("BLOCKED"), seen + logs());
      System.out.printf(
          "local stack: compose up to the blocked DELETE in the API's decisions: %.1f s%n",
          (System.nanoTime() - started) / 1e9);
    } finally {
      ProcessRunner.Result down = compose("down", "-v");
      // podman-compose 1.0.3 leaves the project network behind
      Podman.run(Duration.ofMinutes(1), "network", "rm", "-f", project + "_default");
      assertEquals(0, down.exitCode(), down.describe());
    }
    assertEquals("", leftovers().strip(), "containers, volumes or networks left behind");
  }

  private String logs() {
    ProcessRunner.Result r = compose("logs");
    return "\n--- compose logs ---\n" + r.stdout() + r.stderr();
  }
}
