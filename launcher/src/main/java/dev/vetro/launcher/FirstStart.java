package dev.vetro.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * All-in-one's first start for a local stack (deploy/local): with {@code VETRO_BOOTSTRAP_EMAIL} and
 * {@code VETRO_BOOTSTRAP_PASSWORD} set and no key given, it registers that user, creates a database
 * ({@code VETRO_BOOTSTRAP_DATABASE}, default "local") and an API key through the co-located API,
 * keeps them in {@code VETRO_DATA_DIR/bootstrap.json} (0600) and hands them to the proxy, so
 * decisions show up in the API at once. Later starts reuse the file.
 */
final class FirstStart {

  record Registration(String databaseId, String apiKey) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private FirstStart() {}

  static boolean wanted(Map<String, String> env) {
    return !env.containsKey("VETRO_API_KEY")
        && env.containsKey("VETRO_BOOTSTRAP_EMAIL")
        && env.containsKey("VETRO_BOOTSTRAP_PASSWORD");
  }

  static Registration ensure(Map<String, String> env, int apiPort)
      throws IOException, InterruptedException {
    Path dir = Path.of(env.getOrDefault("VETRO_DATA_DIR", "./.vetro/data"));
    Path file = dir.resolve("bootstrap.json");
    if (Files.exists(file)) {
      JsonNode saved = JSON.readTree(file.toFile());
      return new Registration(saved.path("database_id").asText(), saved.path("api_key").asText());
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base = "http://127.0.0.1:" + apiPort + "/api/v1";
    String email = env.get("VETRO_BOOTSTRAP_EMAIL");
    HttpResponse<String> reg =
        post(
            http,
            base + "/auth/register",
            Map.of(
                "email",
                email,
                "password",
                env.get("VETRO_BOOTSTRAP_PASSWORD"),
                "workspace",
                env.getOrDefault("VETRO_BOOTSTRAP_WORKSPACE", "local")),
            null);
    String cookie =
        reg.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("vetro_session="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new IOException("registration answered without a session"));
    String databaseId =
        JSON.readTree(
                post(
                        http,
                        base + "/databases",
                        Map.of("name", env.getOrDefault("VETRO_BOOTSTRAP_DATABASE", "local")),
                        cookie)
                    .body())
            .path("id")
            .asText();
    String key =
        JSON.readTree(
                post(
                        http,
                        base + "/keys",
                        Map.of("name", "local-proxy", "scopes", java.util.List.of("proxy")),
                        cookie)
                    .body())
            .path("key")
            .asText();
    ObjectNode saved = JSON.createObjectNode().put("database_id", databaseId).put("api_key", key);
    Files.createDirectories(dir);
    Files.writeString(file, saved.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    System.out.println(
        "vetro all-in-one: first start: created database "
            + databaseId
            + " and a proxy key; sign in as "
            + email);
    return new Registration(databaseId, key);
  }

  private static HttpResponse<String> post(
      HttpClient http, String url, Map<String, ?> body, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (cookie != null) {
      // a cookie-authenticated write must show it is no cross-site form (api-node CrossSiteGuard)
      b.header("Cookie", cookie).header("X-Vetro-Request", "first-start");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }
}
