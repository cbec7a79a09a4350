package dev.vetro.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.storage.Storage;
import dev.vetro.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Write, stop, start, read: accounts, sessions, databases with their policy version, API keys (and
 * a revocation), their catalog listings and decision history survive a restart, on the embedded H2
 * file and on a real PostgreSQL 15. Starting twice on one store also proves the schema creation is
 * idempotent.
 */
class PersistenceRestartTest {

  private record Written(
      Tenant tenant, String revokedKey, String revokedKeyId, long policyVersion) {}

  @Test
  void everythingSurvivesRestartOnH2() {
    Path dir = TestNode.tempDir("vetro-api-restart");
    restartRoundTrip(ApiConfig.embedded(dir));
  }

  @Test
  void everythingSurvivesRestartOnPostgres() {
    PostgresServer pg = PostgresServer.shared();
    String db = "vetro_api_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg.execAsSuperuser("CREATE DATABASE " + db);
    String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db;
    restartRoundTrip(
        ApiConfig.embedded(TestNode.tempDir("vetro-api-pg"))
            .withJournal(url, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD));
    assertEquals(
        "t",
        pg.execAsSuperuser(db, "SELECT to_regclass('public.event_journal') IS NOT NULL")
            .get(0)
            .get(0),
        "the journal lives in PostgreSQL");
  }

  /**
   * A store written before the catalog projection existed: Database and ApiKey events without the
   * catalog tag, no view rows, no offset, no backfill marker. The next start tags them and the
   * listings show what was there.
   */
  @Test
  void catalogOfEventsJournaledWithoutTagsIsBackfilledOnStart() throws SQLException {
    ApiConfig config = ApiConfig.embedded(TestNode.tempDir("vetro-api-backfill"));
    Tenant t;
    ApiServer.Handle first = ApiServer.start(config);
    try {
      t = Tenant.create(new ApiClient(first.boundPort()), "backfill");
    } finally {
      first.shutdown();
    }
    int untagged;
    try (Storage s = Storage.open(config);
        Connection conn = s.connection();
        Statement st = conn.createStatement()) {
      untagged = st.executeUpdate("DELETE FROM \"event_tag\" WHERE \"tag\" = 'catalog'");
      assertTrue(untagged >= 2, "the database's and the key's Created were tagged: " + untagged);
      st.executeUpdate("DELETE FROM databases_view");
      st.executeUpdate("DELETE FROM api_keys_view");
      st.executeUpdate("DELETE FROM read_side_backfills");
      assertEquals(
          1,
          st.executeUpdate(
              "DELETE FROM " + offsetTable(conn) + " WHERE \"projection_name\" = 'catalog'"));
    }
    ApiServer.Handle second = ApiServer.start(config);
    try {
      ApiClient c = new ApiClient(second.boundPort());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      JsonNode dbs = c.get("/api/v1/databases", t.cookie()).json().path("databases");
      JsonNode keys = c.get("/api/v1/keys", t.cookie()).json().path("keys");
      while ((dbs.size() < 1 || keys.size() < 1) && System.nanoTime() < deadline) {
        sleep(200); // the backfilled events are projected after the start, not before
        dbs = c.get("/api/v1/databases", t.cookie()).json().path("databases");
        keys = c.get("/api/v1/keys", t.cookie()).json().path("keys");
      }
      assertEquals(List.of(t.databaseId()), ids(dbs), dbs.toString());
      assertEquals(List.of(t.keyId()), ids(keys), keys.toString());
      try (Connection conn = second.context().storage().connection();
          Statement st = conn.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'catalog'")) {
        assertTrue(rs.next());
        assertEquals(untagged, rs.getInt(1), "every untagged catalog event was tagged once");
      }
    } finally {
      second.shutdown();
    }
  }

  /**
   * pekko-projection-jdbc names its H2 table and columns in lower case, quoted: look the table up.
   */
  private static String offsetTable(Connection conn) throws SQLException {
    try (ResultSet rs = conn.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (name.equalsIgnoreCase("pekko_projection_offset_store")) {
          return "\"" + name + "\"";
        }
      }
    }
    throw new AssertionError("no projection offset table");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void restartRoundTrip(ApiConfig config) {
    Written w;
    ApiServer.Handle first = ApiServer.start(config);
    try {
      w = write(new ApiClient(first.boundPort()));
    } finally {
      first.shutdown();
    }
    ApiServer.Handle second = ApiServer.start(config);
    try {
      read(new ApiClient(second.boundPort()), w);
    } finally {
      second.shutdown();
    }
  }

  private static Written write(ApiClient c) {
    Tenant t = Tenant.create(c, "restart");
    ApiClient.Resp policy =
        c.send(
            "PUT",
            "/api/v1/databases/" + t.databaseId() + "/policy",
            "{\"rules\": {\"VETRO-051\": {\"action\": \"block\"}}}",
            t.cookie());
    assertEquals(200, policy.status(), policy.toString());
    String[] revoked = t.newKey(c, "revoked").split(" ");
    assertEquals(200, c.send("DELETE", "/api/v1/keys/" + revoked[1], null, t.cookie()).status());
    ApiClient.Resp d =
        c.post(
            "/api/v1/proxy/query",
            ApiClient.json(Map.of("query", "DELETE FROM orders", "database_id", t.databaseId())),
            t.bearer());
    assertEquals("BLOCKED", d.json().path("decision").asText());
    awaitDecisions(c, t, 1);
    return new Written(t, revoked[0], revoked[1], policy.json().path("version").asLong());
  }

  private static void read(ApiClient c, Written w) {
    Tenant t = w.tenant();
    ApiClient.Resp me = c.get("/api/v1/auth/me", t.cookie());
    assertEquals(200, me.status(), "the session survived: " + me);
    JsonNode dbs = c.get("/api/v1/databases", t.cookie()).json();
    assertEquals(t.databaseId(), dbs.path("databases").get(0).path("id").asText(), dbs.toString());
    // the catalog views survived as they were, not projected twice
    assertEquals(1, dbs.path("databases").size(), dbs.toString());
    assertEquals(
        w.policyVersion(),
        dbs.path("databases").get(0).path("policy_version").asLong(),
        dbs.toString());
    JsonNode keys = c.get("/api/v1/keys", t.cookie()).json().path("keys");
    assertEquals(2, keys.size(), keys.toString());
    assertEquals(t.keyId(), keys.get(0).path("id").asText(), keys.toString());
    assertFalse(keys.get(0).path("revoked").asBoolean(), keys.toString());
    assertEquals(w.revokedKeyId(), keys.get(1).path("id").asText(), keys.toString());
    assertTrue(
        keys.get(1).path("revoked").asBoolean(),
        "the revocation is listed after the restart: " + keys);
    // and the projection resumed: a write after the restart is listed at once
    String added = t.newDatabase(c, "after-restart", "observe");
    JsonNode again = c.get("/api/v1/databases", t.cookie()).json().path("databases");
    assertEquals(List.of(t.databaseId(), added), ids(again), again.toString());
    JsonNode policy = c.get("/api/v1/databases/" + t.databaseId() + "/policy", t.cookie()).json();
    assertEquals(w.policyVersion(), policy.path("version").asLong());
    JsonNode d =
        c.post(
                "/api/v1/proxy/query",
                ApiClient.json(
                    Map.of("query", "SELECT * FROM orders", "database_id", t.databaseId())),
                t.bearer())
            .json();
    assertEquals(
        "VETRO-051", d.path("rule_code").asText(), "the key and the policy survived: " + d);
    ApiClient.Resp revoked =
        c.post(
            "/api/v1/proxy/query",
            ApiClient.json(Map.of("query", "SELECT 1", "database_id", t.databaseId())),
            "Bearer " + w.revokedKey());
    assertEquals(401, revoked.status(), "the revocation survived: " + revoked);
    JsonNode history = awaitDecisions(c, t, 2); // the one before the restart and the one just made
    assertTrue(history.toString().contains("DELETE FROM orders"), history.toString());
    ApiClient.Resp login =
        c.post(
            "/api/v1/auth/login",
            ApiClient.json(Map.of("email", t.email(), "password", t.password())),
            null);
    assertEquals(200, login.status(), login.toString());
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  private static JsonNode awaitDecisions(ApiClient c, Tenant t, int atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode page = null;
    while (System.nanoTime() < deadline) {
      page = c.get("/api/v1/databases/" + t.databaseId() + "/decisions", t.cookie()).json();
      if (page.path("decisions").size() >= atLeast) {
        return page;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("history did not reach " + atLeast + " rows in 30 s: " + page);
  }
}
