package dev.vetro.distribution.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.testkit.Certificates;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.IssuedCertificate;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jib image, loaded into podman, run as the proxy in front of the test PostgreSQL on host
 * networking, with TLS on the client hop from certificates mounted into the container; real psql
 * and pgjdbc through it. Prints the image size and the start time (run to first accepted query).
 */
class ProxyImageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void imageIsNonRootExposes5433StartsJavaWithoutAShellAndCarriesOciLabels() throws Exception {
    JsonNode inspect = JSON.readTree(Podman.ok("image", "inspect", Podman.image())).get(0);
    JsonNode config = inspect.path("Config");
    assertEquals("10001:10001", config.path("User").asText(), config.toString());
    assertTrue(config.path("ExposedPorts").has("5433/tcp"), config.toString());
    assertTrue(config.path("ExposedPorts").has("9187/tcp"), config.toString());
    assertEquals("java", config.path("Entrypoint").get(0).asText(), "exec form, no shell");
    assertEquals("proxy", config.path("Cmd").get(0).asText());
    JsonNode labels = config.path("Labels");
    assertEquals(Podman.VERSION, labels.path("org.opencontainers.image.version").asText());
    assertTrue(labels.path("org.opencontainers.image.source").asText().startsWith("https://"));
    assertTrue(
        labels.path("org.opencontainers.image.revision").asText().matches("[0-9a-f]{40}"),
        labels.toString());
    long size = inspect.path("Size").asLong();
    System.out.printf("vetro image %s: %.1f MB%n", Podman.image(), size / 1e6);

    // run as 10001 with no shell involved: the entrypoint is java itself
    ProcessRunner.Result id =
        Podman.run(
            Duration.ofMinutes(2),
            "run",
            "--rm",
            "--entrypoint",
            "java",
            Podman.image(),
            "-XshowSettings:properties",
            "-version");
    assertEquals(0, id.exitCode(), id.describe());
    assertTrue(id.stderr().contains("user.dir = /var/lib/vetro"), id.stderr());
  }

  @Test
  void proxyContainerBlocksDeleteAndServesQueriesOverTlsForPsqlAndPgjdbc() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execAsSuperuser(
        "CREATE TABLE IF NOT EXISTS image_t (id int); GRANT ALL ON image_t TO scram_user;"
            + " INSERT INTO image_t VALUES (1)");
    // the proxy's certificate comes from the CA the test clients already trust (pg's)
    IssuedCertificate cert =
        pg.certificateAuthority()
            .issue("localhost", List.of("localhost"), List.of("127.0.0.1"), false);
    Path certs = Files.createDirectories(tmp.resolve("certs"));
    cert.writeChain(certs.resolve("server.crt"));
    cert.writePrivateKey(certs.resolve("server.key"), Certificates.KeyFormat.PKCS8);
    // the container runs as 10001: it must be able to read what is mounted
    Files.setPosixFilePermissions(
        certs.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(certs, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

    int port = FreePorts.pick();
    int admin = FreePorts.pick();
    String name = "vetro-proxy-test-" + UUID.randomUUID().toString().substring(0, 8);
    String image = Podman.image();
    long started = System.nanoTime();
    try {
      Podman.ok(
          "run",
          "-d",
          "--name",
          name,
          "--network",
          "host",
          "-v",
          certs + ":/certs:ro",
          "-e",
          "UPSTREAM_PG_HOST=127.0.0.1",
          "-e",
          "UPSTREAM_PG_PORT=" + pg.port(),
          "-e",
          "PROXY_PG_LISTEN_PORT=" + port,
          "-e",
          "PROXY_ADMIN_PORT=" + admin,
          "-e",
          "PROXY_TLS_MODE=require",
          "-e",
          "PROXY_TLS_CERT=/certs/server.crt",
          "-e",
          "PROXY_TLS_KEY=/certs/server.key",
          image,
          "proxy");
      awaitPort(port, name);
      String libpq =
          pg.libpqConnectionString(PostgresServer.SCRAM_USER, "verify-full", "localhost", port);
      ProcessRunner.Result select = psql(libpq, "SELECT count(*) FROM image_t");
      double startSeconds = (System.nanoTime() - started) / 1e9;
      assertEquals(0, select.exitCode(), select.describe() + logs(name));
      assertEquals("1", select.stdout().strip());
      System.out.printf(
          "vetro image start: %.1f s from podman run to first answered query%n", startSeconds);

      ProcessRunner.Result delete = psql(libpq, "DELETE FROM image_t");
      assertNotEquals(0, delete.exitCode(), delete.describe());
      assertTrue(delete.stderr().contains("42501"), delete.describe());
      assertTrue(delete.stderr().contains("VETRO-001"), delete.describe());
      assertEquals("1", pg.execAsSuperuser("SELECT count(*) FROM image_t").get(0).get(0));

      String jdbc = pg.jdbcUrl(PostgresServer.SCRAM_USER, "verify-full", "localhost", port);
      try (Connection c = DriverManager.getConnection(jdbc);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
          rs.next();
          assertEquals(42, rs.getInt(1));
        }
        SQLException blocked =
            assertThrows(SQLException.class, () -> st.execute("DELETE FROM image_t"));
        assertEquals("42501", blocked.getSQLState(), blocked.getMessage());
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM image_t")) {
          rs.next();
          assertEquals(1, rs.getInt(1), "the session goes on after a block");
        }
      }
      // plain TCP is refused: PROXY_TLS_MODE=require
      ProcessRunner.Result plain =
          psql(
              pg.libpqConnectionString(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", port),
              "SELECT 1");
      assertNotEquals(0, plain.exitCode(), plain.describe());
    } finally {
      Podman.remove(name);
    }
  }

  /**
   * The image's health check command ({@code vetro healthcheck}, what the Dockerfile's HEALTHCHECK
   * and the compose file run) answers through the proxy's admin endpoint, {@code /readyz} on
   * PROXY_ADMIN_PORT. That endpoint belongs to the fleet work (issue 12).
   */
  @Test
  void healthCheckCommandAnswersOnTheProxyAdminEndpoint() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    int port = FreePorts.pick();
    int admin = FreePorts.pick();
    String name = "vetro-health-test-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Podman.ok(
          "run",
          "-d",
          "--name",
          name,
          "--network",
          "host",
          "-e",
          "UPSTREAM_PG_HOST=127.0.0.1",
          "-e",
          "UPSTREAM_PG_PORT=" + pg.port(),
          "-e",
          "PROXY_PG_LISTEN_PORT=" + port,
          "-e",
          "PROXY_ADMIN_PORT=" + admin,
          Podman.image(),
          "proxy");
      awaitPort(port, name);
      ProcessRunner.Result health = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline) {
        health =
            Podman.run(
                Duration.ofMinutes(1),
                "exec",
                name,
                "java",
                "-jar",
                "/opt/vetro/vetro.jar",
                "healthcheck");
        if (health.exitCode() == 0) {
          break;
        }
        Thread.sleep(1000);
      }
      assertEquals(0, health.exitCode(), health.describe() + logs(name));
    } finally {
      Podman.remove(name);
    }
  }

  private static ProcessRunner.Result psql(String conninfo, String sql) {
    return ProcessRunner.of(
            Tools.psql().toString(),
            "-X",
            "-tA",
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            "VERBOSITY=verbose",
            "-d",
            conninfo,
            "-c",
            sql)
        .env(Map.of("PGCONNECT_TIMEOUT", "10"))
        .timeout(Duration.ofMinutes(1))
        .run();
  }

  private static void awaitPort(int port, String container) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("proxy container never listened on " + port + logs(container));
  }

  static String logs(String container) {
    return "\n--- container log ---\n"
        + Podman.run(Duration.ofSeconds(30), "logs", container).stdout()
        + Podman.run(Duration.ofSeconds(30), "logs", container).stderr();
  }
}
