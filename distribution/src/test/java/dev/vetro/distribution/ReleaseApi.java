package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.ProcessRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The release's own {@code vetro api} in its own JVM, with a user, a database and an
 * evaluate-scoped key: the control plane the CI templates' HTTP loop talks to.
 */
final class ReleaseApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String url;
  final String key;
  final String databaseId;
  private final ProcessRunner.Background process;

  private ReleaseApi(String url, String key, String databaseId, ProcessRunner.Background process) {
    this.url = url;
    this.key = key;
    this.databaseId = databaseId;
    this.process = process;
  }

  static ReleaseApi start(Path dataDir) throws Exception {
    int port = FreePorts.pick();
    Map<String, String> env = new HashMap<>(Release.env());
    env.put("VETRO_API_HOST", "127.0.0.1");
    env.put("VETRO_API_PORT", Integer.toString(port));
    env.put("VETRO_DATA_DIR", dataDir.toString());
    ProcessRunner.Background api =
        ProcessRunner.of(Release.home().resolve("bin/vetro").toString(), "api").env(env).start();
    try {
      String root = "http://127.0.0.1:" + port;
      awaitHealthy(api, root + "/healthz");
      HttpResponse<String> reg =
          post(
              root + "/api/v1/auth/register",
              "{\"email\":\"ci@example.com\",\"password\":\"correct horse battery\","
                  + "\"workspace\":\"ci\"}",
              null);
      String cookie = reg.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
      String db =
          JSON.readTree(
                  post(
                          root + "/api/v1/databases",
                          "{\"name\":\"prod-users-db\",\"dialect\":\"postgres\"}",
                          cookie)
                      .body())
              .path("id")
              .asText();
      String key =
          JSON.readTree(
                  post(root + "/api/v1/keys", "{\"name\":\"ci\",\"scopes\":[\"evaluate\"]}", cookie)
                      .body())
              .path("key")
              .asText();
      return new ReleaseApi(root, key, db, api);
    } catch (Exception | AssertionError e) {
      api.stop();
      throw e;
    }
  }

  @Override
  public void close() {
    process.stop();
  }

  private static void awaitHealthy(ProcessRunner.Background api, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(api.isAlive(), () -> "vetro api exited:\n" + api.output());
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("vetro api not healthy within 120 s:\n" + api.output());
  }

  private static HttpResponse<String> post(String url, String json, String cookie)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (cookie != null) {
      // a cookie-authenticated write shows it is no cross-site form (api-node CrossSiteGuard)
      b.header("Cookie", cookie).header("X-Vetro-Request", "ci-test");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), url + ": " + r.body());
    return r;
  }
}
