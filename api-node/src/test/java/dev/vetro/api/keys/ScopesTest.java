package dev.vetro.api.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the API called by a key of each scope (and by a user): allowed where the scope
 * covers it, 403 {@code forbidden} naming the missing scope everywhere else. A proxy's key changes
 * nothing.
 */
class ScopesTest {
  private static ApiClient c;
  private static Tenant t;

  /** Who may call a route: a scope, {@code session} (users only) or {@code any}. */
  private record RouteCase(
      String method, String path, Function<String, String> body, String needs, boolean change) {}

  @BeforeAll
  static void tenant() {
    c = TestNode.client();
    t = Tenant.create(c, "scopes");
  }

  /**
   * Each case gets its own throwaway database (created by the user), so an allowed DELETE or PUT
   * changes nothing the other cases read.
   */
  private static List<RouteCase> routes() {
    Function<String, String> none = db -> null;
    return List.of(
        new RouteCase("GET", "/api/v1/auth/me", none, "any", false),
        new RouteCase("GET", "/api/v1/rules", none, "any", false),
        new RouteCase("GET", "/api/v1/workspace", none, "admin", false),
        new RouteCase(
            "PATCH", "/api/v1/workspace", db -> "{\"retention_days\": 30}", "session", true),
        new RouteCase("GET", "/api/v1/databases", none, "admin", false),
        new RouteCase("POST", "/api/v1/databases", db -> "{\"name\": \"made\"}", "admin", true),
        new RouteCase("GET", "/api/v1/databases/{db}", none, "admin", false),
        new RouteCase(
            "PATCH", "/api/v1/databases/{db}", db -> "{\"mode\": \"observe\"}", "admin", true),
        new RouteCase("DELETE", "/api/v1/databases/{db}", none, "admin", true),
        new RouteCase("GET", "/api/v1/databases/{db}/policy", none, "admin", false),
        new RouteCase(
            "PUT",
            "/api/v1/databases/{db}/policy",
            db -> "{\"mode\": \"observe\", \"rules\": {\"VETRO-001\": {\"enabled\": false}}}",
            "admin",
            true),
        new RouteCase("GET", "/api/v1/databases/{db}/history", none, "admin", false),
        new RouteCase("GET", "/api/v1/databases/{db}/decisions", none, "admin", false),
        new RouteCase("GET", "/api/v1/databases/{db}/events", none, "admin", false),
        new RouteCase("GET", "/api/v1/databases/{db}/status", none, "admin", false),
        new RouteCase("GET", "/api/v1/keys", none, "session", false),
        new RouteCase("POST", "/api/v1/keys", db -> "{\"name\": \"minted\"}", "session", true),
        new RouteCase("GET", "/api/v1/keys/{key}", none, "session", false),
        new RouteCase("DELETE", "/api/v1/keys/{key}", none, "session", true),
        new RouteCase(
            "POST",
            "/api/v1/proxy/query",
            db -> ApiClient.json(Map.of("query", "SELECT 1", "database_id", db)),
            "evaluate",
            false),
        new RouteCase(
            "POST",
            "/api/v1/ci/check",
            db ->
                ApiClient.json(
                    Map.of(
                        "database_id",
                        db,
                        "files",
                        List.of(Map.of("path", "a.sql", "content", "SELECT 1;")))),
            "evaluate",
            false),
        new RouteCase("GET", "/api/v1/proxy/policy?database_id={db}", none, "proxy", false),
        new RouteCase(
            "POST",
            "/api/v1/proxy/events",
            db ->
                ApiClient.json(
                    Map.of(
                        "database_id",
                        db,
                        "batch_id",
                        UUID.randomUUID().toString(),
                        "events",
                        List.of(Map.of("decision", "ALLOWED", "statement", "SELECT 1")))),
            "proxy",
            true),
        new RouteCase(
            "POST",
            "/api/v1/proxy/heartbeat",
            db ->
                ApiClient.json(
                    Map.of("database_id", db, "node_id", "n1", "upstream_reachable", true)),
            "proxy",
            true));
  }

  private static boolean allowed(RouteCase r, Set<String> scopes, boolean user) {
    return switch (r.needs()) {
      case "any" -> true;
      case "session" -> user;
      default -> user || scopes.contains(r.needs());
    };
  }

  @Test
  void everyRouteAnswersEachScopeAsDocumented() {
    Map<String, List<String>> callers =
        Map.of(
            "evaluate", List.of("evaluate"),
            "proxy", List.of("proxy"),
            "admin", List.of("admin"),
            "evaluate+proxy", List.of("evaluate", "proxy"),
            "user", List.of());
    List<String> failures = new ArrayList<>();
    for (var e : callers.entrySet()) {
      boolean user = e.getKey().equals("user");
      String auth =
          user ? t.cookie() : "Bearer " + t.newScopedKey(c, e.getKey(), e.getValue()).split(" ")[0];
      for (RouteCase r : routes()) {
        String db = t.newDatabase(c, "scoped-" + UUID.randomUUID(), "enforce");
        String keyId = t.newKey(c, "victim").split(" ")[1];
        String path = r.path().replace("{db}", db).replace("{key}", keyId);
        int status = send(r.method(), path, r.body().apply(db), auth);
        boolean ok = allowed(r, Set.copyOf(e.getValue()), user);
        if (ok && (status < 200 || status >= 300)) {
          failures.add(e.getKey() + " " + r.method() + " " + r.path() + " -> " + status);
        } else if (!ok && status != 403) {
          failures.add(
              e.getKey() + " " + r.method() + " " + r.path() + " -> " + status + ", wanted 403");
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void aProxyKeyChangesNothingAndIsToldWhichScopeItLacks() {
    String db = t.newDatabase(c, "guarded", "enforce");
    String proxyKey = "Bearer " + t.newScopedKey(c, "proxy", List.of("proxy")).split(" ")[0];
    long before =
        c.get("/api/v1/databases/" + db, t.cookie()).json().path("policy_version").asLong();
    for (RouteCase r : routes()) {
      if (!r.change() || r.needs().equals("proxy")) {
        continue;
      }
      String keyId = t.newKey(c, "victim").split(" ")[1];
      String path = r.path().replace("{db}", db).replace("{key}", keyId);
      ApiClient.Resp resp = c.send(r.method(), path, r.body().apply(db), proxyKey);
      assertEquals(403, resp.status(), r.method() + " " + path + ": " + resp);
      assertEquals("forbidden", resp.error(), resp.toString());
    }
    ApiClient.Resp refused =
        c.send("PATCH", "/api/v1/databases/" + db, "{\"mode\": \"observe\"}", proxyKey);
    assertTrue(refused.json().path("message").asText().contains("'admin'"), refused.toString());
    JsonNode after = c.get("/api/v1/databases/" + db, t.cookie()).json();
    assertEquals("enforce", after.path("mode").asText());
    assertEquals(before, after.path("policy_version").asLong());
    // and the proxy's own work still goes through
    assertEquals(200, c.get("/api/v1/proxy/policy?database_id=" + db, proxyKey).status());
  }

  @Test
  void aKeyLimitedToNamedDatabasesReachesOnlyThose() {
    String mine = t.newDatabase(c, "mine", "enforce");
    String other = t.newDatabase(c, "other", "enforce");
    ApiClient.Resp created =
        c.post(
            "/api/v1/keys",
            ApiClient.json(
                Map.of(
                    "name",
                    "limited",
                    "scopes",
                    List.of("evaluate", "admin"),
                    "database_ids",
                    List.of(mine))),
            t.cookie());
    assertEquals(201, created.status(), created.toString());
    assertEquals(List.of(mine), List.of(created.json().path("database_ids").get(0).asText()));
    String key = "Bearer " + created.json().path("key").asText();
    String q = "{\"query\": \"SELECT 1\", \"database_id\": \"%s\"}";
    assertEquals(200, c.post("/api/v1/proxy/query", q.formatted(mine), key).status());
    assertEquals(403, c.post("/api/v1/proxy/query", q.formatted(other), key).status());
    assertEquals(200, c.get("/api/v1/databases/" + mine, key).status());
    assertEquals(403, c.get("/api/v1/databases/" + other, key).status());
    assertEquals(
        403, c.send("DELETE", "/api/v1/databases/" + other, null, key).status(), "other stays");
    assertEquals(403, c.post("/api/v1/databases", "{\"name\": \"new\"}", key).status());
    JsonNode listed = c.get("/api/v1/databases", key).json().path("databases");
    assertEquals(1, listed.size(), listed.toString());
    assertEquals(mine, listed.get(0).path("id").asText());
    // a database of another workspace cannot be named
    ApiClient.Resp foreign =
        c.post(
            "/api/v1/keys",
            ApiClient.json(
                Map.of(
                    "name", "foreign", "database_ids", List.of(TestNode.tenantB().databaseId()))),
            t.cookie());
    assertEquals(400, foreign.status(), foreign.toString());
  }

  @Test
  void scopesAreChosenAtCreationAndShownInListings() {
    String id = t.newScopedKey(c, "listed", List.of("admin", "proxy")).split(" ")[1];
    String dflt = t.newScopedKey(c, "default", null).split(" ")[1];
    JsonNode keys = c.get("/api/v1/keys", t.cookie()).json().path("keys");
    assertEquals("[\"proxy\",\"admin\"]", find(keys, id).path("scopes").toString());
    assertEquals("[\"evaluate\",\"proxy\"]", find(keys, dflt).path("scopes").toString());
    JsonNode ids = find(keys, dflt).path("database_ids");
    assertTrue(ids.isNull() || ids.isMissingNode(), ids.toString());
    assertEquals(
        "[\"proxy\",\"admin\"]",
        c.get("/api/v1/keys/" + id, t.cookie()).json().path("scopes").toString());
    ApiClient.Resp bad =
        c.post("/api/v1/keys", "{\"name\": \"x\", \"scopes\": [\"root\"]}", t.cookie());
    assertEquals(400, bad.status(), bad.toString());
    ApiClient.Resp empty = c.post("/api/v1/keys", "{\"name\": \"x\", \"scopes\": []}", t.cookie());
    assertEquals(400, empty.status(), empty.toString());
  }

  /**
   * A key whose Created event has no scopes (journaled before scopes existed) keeps serving
   * pipelines and proxies, and cannot administer.
   */
  @Test
  void keysFromBeforeScopesKeepEvaluateAndProxyOnly() {
    String key = KeyMaterial.newKey();
    String hash = KeyMaterial.sha256Hex(key);
    String id = "legacy-" + UUID.randomUUID();
    ApiKey.Reply r =
        TestNode.shared()
            .context()
            .entities()
            .<ApiKey.Command, ApiKey.Reply>ask(
                ApiKey.ENTITY_KEY,
                hash,
                to ->
                    new ApiKey.Create(
                        id, t.workspaceId(), "old", null, null, System.currentTimeMillis(), to))
            .toCompletableFuture()
            .join();
    assertEquals(List.of("evaluate", "proxy"), ((ApiKey.Info) r).scopes());
    String bearer = "Bearer " + key;
    String db = t.databaseId();
    assertEquals(
        200,
        c.post(
                "/api/v1/proxy/query",
                "{\"query\":\"SELECT 1\",\"database_id\":\"" + db + "\"}",
                bearer)
            .status());
    assertEquals(200, c.get("/api/v1/proxy/policy?database_id=" + db, bearer).status());
    ApiClient.Resp admin =
        c.send("PATCH", "/api/v1/databases/" + db, "{\"mode\":\"observe\"}", bearer);
    assertEquals(403, admin.status(), admin.toString());
    assertEquals(
        "[\"evaluate\",\"proxy\"]",
        c.get("/api/v1/auth/me", bearer).json().path("scopes").toString());
  }

  private static JsonNode find(JsonNode keys, String id) {
    for (JsonNode k : keys) {
      if (k.path("id").asText().equals(id)) {
        return k;
      }
    }
    throw new AssertionError("key " + id + " not listed: " + keys);
  }

  /**
   * The status only: the SSE route streams forever, so the body is not waited for (headers are
   * enough to tell 200 from 403).
   */
  private static int send(String method, String path, String body, String auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(c.base() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth.startsWith("cookie:")) {
      // a cookie-authenticated write must say it is not a cross-site form (CrossSiteGuard)
      b.header("Cookie", "vetro_session=" + auth.substring(7)).header("X-Vetro-Request", "test");
    } else {
      b.header("Authorization", auth);
    }
    try {
      HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      r.body().close();
      return r.statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static {
    assertNotEquals(null, HTTP);
  }
}
