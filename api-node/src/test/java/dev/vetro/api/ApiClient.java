package dev.vetro.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A plain HTTP client against a running node (what a pipeline or the dashboard does). */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  public static ObjectMapper JSON_MAPPER() {
    return JSON;
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final int port;

  public ApiClient(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public record Resp(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    public String error() {
      return json().path("error").asText(null);
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** The session token from Set-Cookie, if any. */
    public Optional<String> sessionCookie() {
      return headers.allValues("set-cookie").stream()
          .filter(c -> c.startsWith("vetro_session="))
          .map(c -> c.substring("vetro_session=".length(), c.indexOf(';')))
          .findFirst();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** {@code auth}: "Bearer vtro_…", "cookie:<token>", or null. */
  public Resp send(String method, String path, String body, String auth, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      if (auth.startsWith("cookie:")) {
        b.header("Cookie", "vetro_session=" + auth.substring(7));
        // what the dashboard sends: cookie-authenticated writes must prove they are not cross-site
        b.header("X-Vetro-Request", "test");
      } else {
        b.header("Authorization", auth);
      }
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      // What a well-behaved client does with a shed evaluation (503 + Retry-After): waits and
      // retries. The node sheds when its dispatcher lags 20 ms, which a test JVM on a loaded
      // 2-core machine can cause on its own; the gate's own tests use a raw connection.
      for (int retry = 0;
          retry < 5
              && r.statusCode() == 503
              && r.headers().firstValue("Retry-After").isPresent()
              && path.startsWith("/api/v1/")
              && (path.endsWith("/proxy/query") || path.endsWith("/ci/check"));
          retry++) {
        Thread.sleep(200);
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      }
      return new Resp(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Resp get(String path, String auth) {
    return send("GET", path, null, auth);
  }

  public Resp post(String path, String body, String auth) {
    return send("POST", path, body, auth);
  }

  public static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
