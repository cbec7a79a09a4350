package dev.vetro.api.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A 2xx survives {@code kill -9} of the API process, write type by write type: the API runs as its
 * own JVM and is killed with SIGKILL right after the answer to each acknowledged write (database
 * create, key create, policy PUT, mode switch, logout, key revocation, and 300 evaluations answered
 * 200 before the revocation); the next start on the same store checks that write, and everything
 * before it, then makes the next one. One kill per write type, because a later write's commit can
 * carry an earlier one to disk (H2 writes its whole buffer): only the write that is the node's last
 * act shows whether its own acknowledgement was durable. On the embedded H2 file and on the
 * testkit's real PostgreSQL 15.
 */
class KillNineTest {
  private static final int EVALUATIONS = 300;
  private static final String PASSWORD = "correct horse battery staple";
  private static final String POLICY = "{\"rules\": {\"VETRO-051\": {\"action\": \"block\"}}}";

  /**
   * Failed before {@code storage.H2Recovery} (2026-12-02, in every run: the key's journal events
   * once, a mode switch answered 200 once, a policy PUT answered 200 once): after the kill, H2's
   * quick recovery opened an older version of the file than its last commit, because once the store
   * reuses the space of dead chunks (after 45 s of the store's time) the newest chunks can sit
   * where it does not look. The node now opens a file that was not closed cleanly with a full scan
   * first. A listing row missing right after the restart is not a loss (the projection replays it;
   * the checks wait for it).
   */
  @Test
  void eachAcknowledgedWriteSurvivesKill9OnH2() {
    new Chain(TestNode.tempDir("vetro-kill9-h2").resolve("data"), Map.of()).run();
  }

  @Test
  void eachAcknowledgedWriteSurvivesKill9OnPostgres() {
    PostgresServer pg = PostgresServer.shared();
    String db = "vetro_kill9_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg.execAsSuperuser("CREATE DATABASE " + db);
    new Chain(
            TestNode.tempDir("vetro-kill9-pg").resolve("data"),
            Map.of(
                "VETRO_JOURNAL_URL",
                "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db,
                "VETRO_JOURNAL_USER",
                PostgresServer.SUPERUSER,
                "VETRO_JOURNAL_PASSWORD",
                PostgresServer.SUPERUSER_PASSWORD))
        .run();
  }

  /** One store, one JVM per step; what a step wrote is what the next step checks first. */
  private static final class Chain {
    private final Path dir;
    private final Map<String, String> env;
    private final String email = "kill9-" + UUID.randomUUID() + "@example.com";
    private final Set<String> answered = new HashSet<>();
    private String owner;
    private String loggedOut;
    private String database;
    private String key;
    private String keyId;

    Chain(Path dir, Map<String, String> env) {
      this.dir = dir;
      this.env = env;
    }

    void run() {
      step("database create", this::createDatabase);
      step("key create", c -> checkDatabase(c, "enforce", 1).createKey(c));
      step("policy PUT", c -> checkKey(c).checkDatabase(c, "enforce", 1).putPolicy(c));
      step("mode switch", c -> checkKey(c).checkPolicy(c, 2).switchMode(c));
      step("logout", c -> checkPolicy(c, 3).checkDatabase(c, "observe", 3).logout(c));
      step("key revocation", c -> checkLogout(c).checkKey(c).evaluateThenRevoke(c));
      step(
          "final check",
          c ->
              checkRevoked(c)
                  .checkLogout(c)
                  .checkDatabase(c, "observe", 3)
                  .checkPolicy(c, 3)
                  .checkHistory(c));
    }

    /** Starts the API on the store, runs {@code body}, then SIGKILL at once. */
    private void step(String name, Consumer<ApiClient> body) {
      ApiProcess api = ApiProcess.start(dir, env);
      try {
        body.accept(api.client());
        api.kill9();
      } catch (AssertionError e) {
        throw new AssertionError("step '" + name + "': " + e.getMessage() + "\n" + api.tail(), e);
      } finally {
        api.close();
      }
    }

    // --- the writes, each the last thing its node does ---

    private void createDatabase(ApiClient c) {
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
      database =
          created(c.post("/api/v1/databases", "{\"name\": \"a\"}", owner)).path("id").asText();
    }

    private void createKey(ApiClient c) {
      JsonNode k =
          created(
              c.post(
                  "/api/v1/keys",
                  ApiClient.json(Map.of("name", "k", "scopes", List.of("evaluate", "proxy"))),
                  owner));
      key = "Bearer " + k.path("key").asText();
      keyId = k.path("id").asText();
    }

    private void putPolicy(ApiClient c) {
      ok(c.send("PUT", "/api/v1/databases/" + database + "/policy", POLICY, owner));
    }

    private void switchMode(ApiClient c) {
      ok(c.send("PATCH", "/api/v1/databases/" + database, "{\"mode\": \"observe\"}", owner));
    }

    private void logout(ApiClient c) {
      assertEquals(200, c.get("/api/v1/auth/me", loggedOut).status(), "the second session");
      assertEquals(204, c.post("/api/v1/auth/logout", null, loggedOut).status());
    }

    /** Evaluations first (their spool path), then the revocation as the node's last act. */
    private void evaluateThenRevoke(ApiClient c) {
      for (int i = 0; i < EVALUATIONS; i++) {
        ApiClient.Resp r =
            c.post(
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", "SELECT 1 FROM t" + i, "database_id", database)),
                key);
        assertEquals(200, r.status(), r.toString());
        answered.add(r.json().path("fingerprint").asText());
      }
      ok(c.send("DELETE", "/api/v1/keys/" + keyId, null, owner));
    }

    // --- the checks after a restart ---

    private Chain checkDatabase(ApiClient c, String mode, long version) {
      assertEquals(200, c.get("/api/v1/auth/me", owner).status(), "the owner's session");
      JsonNode a = c.get("/api/v1/databases/" + database, owner).json();
      assertEquals(database, a.path("id").asText(), "the database: " + a);
      assertEquals(mode, a.path("mode").asText(), a.toString());
      assertEquals(version, a.path("policy_version").asLong(), a.toString());
      JsonNode listed = listing(c, "/api/v1/databases", "databases", List.of(database));
      assertEquals(List.of(database), ids(listed), "the listing: " + listed);
      return this;
    }

    /**
     * A listing is a view projected from the journal: after a restart the projection may still be
     * replaying the last events (a write answered once its read-your-writes wait gave up, 3 s, has
     * its row only in the journal). What must survive is the journaled write; its row follows.
     */
    private JsonNode listing(ApiClient c, String path, String field, List<String> expected) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      JsonNode listed = c.get(path, owner).json().path(field);
      while (!ids(listed).equals(expected) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
        listed = c.get(path, owner).json().path(field);
      }
      return listed;
    }

    private Chain checkKey(ApiClient c) {
      ApiClient.Resp r = c.get("/api/v1/proxy/policy?database_id=" + database, key);
      assertEquals(200, r.status(), "the key: " + r);
      JsonNode listed = listing(c, "/api/v1/keys", "keys", List.of(keyId));
      assertEquals(List.of(keyId), ids(listed), "the key listing: " + listed);
      assertFalse(listed.get(0).path("revoked").asBoolean(), listed.toString());
      return this;
    }

    private Chain checkPolicy(ApiClient c, long version) {
      JsonNode p = c.get("/api/v1/databases/" + database + "/policy", owner).json();
      assertEquals(version, p.path("version").asLong(), "the policy: " + p);
      assertTrue(p.toString().contains("VETRO-051"), "the PUT rule: " + p);
      return this;
    }

    private Chain checkLogout(ApiClient c) {
      assertEquals(401, c.get("/api/v1/auth/me", loggedOut).status(), "logout held");
      assertEquals(200, c.get("/api/v1/auth/me", owner).status(), "the owner's session");
      return this;
    }

    private Chain checkRevoked(ApiClient c) {
      ApiClient.Resp r = c.get("/api/v1/proxy/policy?database_id=" + database, key);
      assertEquals(401, r.status(), "revocation held: " + r);
      // the listing follows the journal by the projection's replay (the 401 above is the journal)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      JsonNode listed = c.get("/api/v1/keys", owner).json().path("keys");
      while (!listed.path(0).path("revoked").asBoolean() && System.nanoTime() < deadline) {
        sleepQuietly(200);
        listed = c.get("/api/v1/keys", owner).json().path("keys");
      }
      assertTrue(listed.get(0).path("revoked").asBoolean(), "listed as revoked: " + listed);
      return this;
    }

    /** Every evaluation answered 200 reaches history (replayed from the dead node's spool). */
    private Chain checkHistory(ApiClient c) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Set<String> found = decisions(c);
      while (found.size() < EVALUATIONS && System.nanoTime() < deadline) {
        sleepQuietly(500);
        found = decisions(c);
      }
      assertEquals(answered, found, "answered evaluations in history after kill -9");
      return this;
    }

    private Set<String> decisions(ApiClient c) {
      Set<String> out = new HashSet<>();
      String cursor = null;
      do {
        JsonNode page =
            c.get(
                    "/api/v1/databases/"
                        + database
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
  }

  private static List<String> ids(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.path("id").asText())
        .toList();
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
