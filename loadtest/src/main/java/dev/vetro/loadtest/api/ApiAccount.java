package dev.vetro.loadtest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pipeline owner does before the first call, over the public API: register (user and
 * workspace), create a database, create an API key. Also reads back what the run left behind.
 */
record ApiAccount(String baseUrl, String sessionCookie, String databaseId, String apiKey) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static ApiAccount create(String baseUrl) {
    String email = "load-" + UUID.randomUUID() + "@vetro.test";
    HttpResponse<String> reg =
        send(
            baseUrl,
            "POST",
            "/api/v1/auth/register",
            null,
            "{\"email\":\""
                + email
                + "\",\"password\":\"load-test-password-1\",\"workspace\":\"load test\"}",
            201);
    String cookie =
        reg.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("vetro_session="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("register answered no session cookie"));
    String db =
        field(
            send(
                baseUrl,
                "POST",
                "/api/v1/databases",
                cookie,
                "{\"name\":\"orders\",\"dialect\":\"postgres\"}",
                201),
            "id");
    String key =
        field(
            send(baseUrl, "POST", "/api/v1/keys", cookie, "{\"name\":\"load test\"}", 201), "key");
    return new ApiAccount(baseUrl, cookie, db, key);
  }

  /** The newest decisions in the database's history (the projection's view). */
  JsonNode latestDecisions(int limit) {
    return tree(
        send(
            baseUrl,
            "GET",
            "/api/v1/databases/" + databaseId + "/decisions?limit=" + limit,
            sessionCookie,
            null,
            200));
  }

  /** A counter from /metrics summed over its series whose labels contain {@code labelFilter}. */
  double metric(String name, String labelFilter) {
    String text = send(baseUrl, "GET", "/metrics", null, null, 200).body();
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(text);
    double sum = 0;
    while (m.find()) {
      if (labelFilter == null || (m.group(1) != null && m.group(1).contains(labelFilter))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private static String field(HttpResponse<String> r, String name) {
    JsonNode v = tree(r).get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalStateException(
          r.request().uri() + " answered no '" + name + "': " + r.body());
    }
    return v.textValue();
  }

  private static JsonNode tree(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(r.request().uri() + " answered no JSON: " + r.body(), e);
    }
  }

  private static HttpResponse<String> send(
      String baseUrl, String method, String path, String cookie, String body, int expected) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (cookie != null) {
      b.header("Cookie", cookie);
      b.header("X-Vetro-Request", "loadtest"); // cookie writes must show they are not cross-site
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
