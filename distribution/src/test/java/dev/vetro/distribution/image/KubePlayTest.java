package dev.vetro.distribution.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s/examples/pod-proxy-api.yaml started with {@code podman kube play} (no Kubernetes
 * exists here): the control plane answers on its port and the proxy container serves psql in front
 * of the test PostgreSQL, blocking a DELETE. The test only adapts what this machine needs: the
 * image tag it built, host networking, free ports and the test server's address.
 */
class KubePlayTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path POD =
      Path.of("..", "deploy", "k8s", "examples", "pod-proxy-api.yaml").toAbsolutePath().normalize();

  @TempDir Path tmp;

  private static void setEnv(JsonNode container, String name, String value) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        ((ObjectNode) e).put("value", value);
        return;
      }
    }
    ((ArrayNode) container.path("env")).addObject().put("name", name).put("value", value);
  }

  @Test
  void proxyAndApiPodAnswersOnItsPorts() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execAsSuperuser(
        "CREATE TABLE IF NOT EXISTS kube_t (id int); GRANT ALL ON kube_t TO scram_user");
    int proxyPort = FreePorts.pick();
    int apiPort = FreePorts.pick();
    ObjectNode pod = (ObjectNode) YAML.readTree(POD.toFile());
    String name = "vetro-kube-" + Long.toHexString(System.nanoTime());
    ((ObjectNode) pod.path("metadata")).put("name", name);
    ((ObjectNode) pod.path("spec")).put("hostNetwork", true);
    for (JsonNode c : pod.path("spec").path("containers")) {
      ((ObjectNode) c).put("image", Podman.image());
      ((ObjectNode) c).remove("readinessProbe");
      // podman refuses port mappings on host networking; the ports are the env's anyway
      ((ObjectNode) c).remove("ports");
      if (c.path("name").asText().equals("api")) {
        setEnv(c, "VETRO_API_PORT", Integer.toString(apiPort));
        setEnv(c, "VETRO_DATA_DIR", "/tmp/vetro-data");
      } else {
        setEnv(c, "UPSTREAM_PG_PORT", Integer.toString(pg.port()));
        setEnv(c, "PROXY_PG_LISTEN_PORT", Integer.toString(proxyPort));
        setEnv(c, "PROXY_ADMIN_PORT", Integer.toString(FreePorts.pick()));
      }
    }
    Path file = tmp.resolve("pod.yaml");
    YAML.writeValue(file.toFile(), pod);
    Podman.image();
    try {
      Podman.ok("kube", "play", file.toString());
      String libpq =
          pg.libpqConnectionString(PostgresServer.SCRAM_USER, "disable", "127.0.0.1", proxyPort);
      ProcessRunner.Result select = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline) {
        select = psql(libpq, "SELECT count(*) FROM kube_t");
        if (select.exitCode() == 0) {
          break;
        }
        Thread.sleep(1000);
      }
      assertEquals(0, select.exitCode(), select.describe() + logs(name));
      ProcessRunner.Result delete = psql(libpq, "DELETE FROM kube_t");
      assertNotEquals(0, delete.exitCode());
      assertTrue(delete.stderr().contains("42501"), delete.describe());

      HttpResponse<String> health = null;
      while (System.nanoTime() < deadline) {
        try {
          health =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/healthz"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          if (health.statusCode() == 200) {
            break;
          }
        } catch (java.io.IOException e) {
          Thread.sleep(1000);
        }
      }
      assertTrue(health != null && health.statusCode() == 200, "API never answered" + logs(name));
    } finally {
      Podman.run(Duration.ofMinutes(2), "kube", "down", file.toString());
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

  private static String logs(String pod) {
    return "\n--- pod logs ---\n" + Podman.run(Duration.ofSeconds(30), "pod", "logs", pod).stdout();
  }
}
