package dev.vetro.api.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.TestNode;
import dev.vetro.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 2xx survives {@code kill -9} of the API process: each acknowledged write type (database, key,
 * policy, mode, logout, key revocation) and every evaluation answered 200 is there after a restart,
 * on the embedded H2 file and on PostgreSQL. The writes under test are the last things the node
 * does: the kill follows the last answer at once, well inside the 500 ms H2 used to keep commits in
 * memory and the 200 ms the decision batches wait.
 */
class KillNineTest {
  private static final int EVALUATIONS = 300;
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void acknowledgedWritesSurviveKill9OnH2() {
    Path dir = TestNode.tempDir("vetro-kill9-h2").resolve("data");
    roundTrip(dir, Map.of());
  }

  @Test
  void acknowledgedWritesSurviveKill9OnPostgres() {
    PostgresServer pg = PostgresServer.shared();
    String db = "vetro_kill9_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg.execAsSuperuser("CREATE DATABASE " + db);
    roundTrip(
        TestNode.tempDir("vetro-kill9-pg").resolve("data"),
        Map.of(
            "VETRO_JOURNAL_URL",
            "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db,
            "VETRO_JOURNAL_USER",
            PostgresServer.SUPERUSER,
            "VETRO_JOURNAL_PASSWORD",
            PostgresServer.SUPERUSER_PASSWORD));
  }

  private void roundTrip(Path dir, Map<String, String> env) {
    String email = "kill9-" + UUID.randomUUID() + "@example.com";
    String owner;
    String databaseA;
    String databaseB;
    String keyA;
    String keyB;
    String revokedKey;
    String loggedOut;
    Set<String> answered = new HashSet<>();
    ApiProcess first = ApiProcess.start(dir, env);
    try {
      ApiClient c = first.client();
      ApiClient.Resp reg =
          c.post(
              "/api/v1/auth/register",
              ApiClient.json(Map.of("email", email, "password", PASSWORD, "workspace", "k9")),
              null);
      assertEquals(201, reg.status(), reg.toString());
      owner = "cookie:" + reg.sessionCookie().orElseThrow();
      ApiClient.Resp login =
          c.post(
              "/api/v1/auth/login",
              ApiClient.json(Map.of("email", email, "password", PASSWORD)),
              null);
      assertEquals(200, login.status(), login.toString());
      loggedOut = "cookie:" + login.sessionCookie().orElseThrow();
      databaseA =
          created(c.post("/api/v1/databases", "{\"name\": \"a\"}", owner)).path("id").asText();
      keyA = key(c, owner, "a");
      String[] toRevoke = {key(c, owner, "revoked"), null};
      revokedKey = toRevoke[0];
      String revokedId =
          c.get("/api/v1/keys", owner).json().path("keys").get(1).path("id").asText();

      // the writes under test, then the kill at once
      for (int i = 0; i < EVALUATIONS; i++) {
        ApiClient.Resp r =
            c.post(
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", "SELECT 1 FROM t" + i, "database_id", databaseA)),
                "Bearer " + keyA);
        assertEquals(200, r.status(), r.toString());
        answered.add(r.json().path("fingerprint").asText());
      }
      ok(
          c.send(
              "PUT",
              "/api/v1/databases/" + databaseA + "/policy",
              "{\"rules\": {\"VETRO-001\": {\"enabled\": false}}}",
              owner));
      ok(c.send("PATCH", "/api/v1/databases/" + databaseA, "{\"mode\": \"observe\"}", owner));
      databaseB =
          created(c.post("/api/v1/databases", "{\"name\": \"b\"}", owner)).path("id").asText();
      keyB = created(c.post("/api/v1/keys", "{\"name\": \"b\"}", owner)).path("key").asText();
      ok(c.send("DELETE", "/api/v1/keys/" + revokedId, null, owner));
      assertEquals(204, c.post("/api/v1/auth/logout", null, loggedOut).status());
      first.kill9();
    } finally {
      first.close();
    }

    ApiProcess second = ApiProcess.start(dir, env);
    try {
      ApiClient c = second.client();
      assertEquals(200, c.get("/api/v1/auth/me", owner).status(), "the owner's session");
      assertEquals(401, c.get("/api/v1/auth/me", loggedOut).status(), "logout held");
      JsonNode a = c.get("/api/v1/databases/" + databaseA, owner).json();
      assertEquals("observe", a.path("mode").asText(), a.toString());
      assertEquals(3, a.path("policy_version").asLong(), "create, policy, mode: " + a);
      assertEquals(200, c.get("/api/v1/databases/" + databaseB, owner).status(), "database B");
      assertEquals(
          200,
          c.get("/api/v1/proxy/policy?database_id=" + databaseB, "Bearer " + keyB).status(),
          "key B");
      assertEquals(
          401,
          c.get("/api/v1/proxy/policy?database_id=" + databaseA, "Bearer " + revokedKey).status(),
          "revocation held");
      // every answered evaluation reaches history (replayed from the spool)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      int found = 0;
      while (System.nanoTime() < deadline) {
        found = decisions(c, owner, databaseA).size();
        if (found >= EVALUATIONS) {
          break;
        }
        sleepQuietly(500);
      }
      assertEquals(EVALUATIONS, found, "answered evaluations in history after kill -9");
      assertTrue(decisions(c, owner, databaseA).containsAll(answered));
    } finally {
      second.close();
    }
  }

  private static Set<String> decisions(ApiClient c, String owner, String databaseId) {
    Set<String> out = new HashSet<>();
    String cursor = null;
    do {
      JsonNode page =
          c.get(
                  "/api/v1/databases/"
                      + databaseId
                      + "/decisions?limit=500"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  owner)
              .json();
      for (JsonNode d : page.path("decisions")) {
        out.add(d.path("fingerprint").asText());
      }
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    return out;
  }

  private static String key(ApiClient c, String owner, String name) {
    return created(
            c.post(
                "/api/v1/keys",
                ApiClient.json(Map.of("name", name, "scopes", List.of("evaluate", "proxy"))),
                owner))
        .path("key")
        .asText();
  }

  private static JsonNode created(ApiClient.Resp r) {
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  private static void ok(ApiClient.Resp r) {
    assertEquals(200, r.status(), r.toString());
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
