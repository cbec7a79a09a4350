package dev.vetro.api.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import dev.vetro.api.keys.KeyMaterial;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET databases} and {@code GET keys} are SQL over the catalog views: every write is listed
 * in the very next request (no polling here: the write route waits for its view row), only the
 * caller's workspace is listed, and the rows really are the table's.
 */
class CatalogListingTest {

  @Test
  void databaseListingReflectsEachWriteAtOnce() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp created =
        c.post("/api/v1/databases", ApiClient.json(Map.of("name", "ryw")), a.cookie());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().path("id").asText();
    assertEquals(created.json(), listed(c, a, id), "created, listed as the create answered");

    ApiClient.Resp renamed =
        c.send("PATCH", "/api/v1/databases/" + id, "{\"name\":\"ryw-2\"}", a.cookie());
    assertEquals(200, renamed.status(), renamed.toString());
    assertEquals("ryw-2", listed(c, a, id).path("name").asText());

    ApiClient.Resp mode =
        c.send(
            "PATCH",
            "/api/v1/databases/" + id,
            "{\"mode\":\"observe\",\"dialect\":\"mysql\"}",
            a.cookie());
    assertEquals(200, mode.status(), mode.toString());
    assertEquals(
        3, mode.json().path("policy_version").asLong(), "mode and dialect each make a version");
    assertEquals(mode.json(), listed(c, a, id));

    ApiClient.Resp policy =
        c.send(
            "PUT",
            "/api/v1/databases/" + id + "/policy",
            "{\"mode\": \"enforce\", \"rules\": {\"VETRO-051\": {\"action\": \"block\"}}}",
            a.cookie());
    assertEquals(200, policy.status(), policy.toString());
    JsonNode afterPolicy = listed(c, a, id);
    assertEquals(
        policy.json().path("version").asLong(),
        afterPolicy.path("policy_version").asLong(),
        afterPolicy.toString());
    assertEquals("enforce", afterPolicy.path("mode").asText());
    assertEquals(
        c.get("/api/v1/databases/" + id, a.cookie()).json(),
        afterPolicy,
        "the listing agrees with the entity");

    assertEquals(204, c.send("DELETE", "/api/v1/databases/" + id, null, a.cookie()).status());
    assertFalse(
        c.get("/api/v1/databases", a.cookie()).body().contains(id),
        "deleted, gone from the listing at once");
  }

  @Test
  void keyListingReflectsCreateAndRevokeAtOnce() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp created =
        c.post("/api/v1/keys", ApiClient.json(Map.of("name", "ryw-key")), a.cookie());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().path("id").asText();
    JsonNode row = listedKey(c, a, id);
    assertEquals("ryw-key", row.path("name").asText());
    assertFalse(row.path("revoked").asBoolean());
    assertFalse(row.has("key"), "the listing never shows the key: " + row);

    ApiClient.Resp revoked = c.send("DELETE", "/api/v1/keys/" + id, null, a.cookie());
    assertEquals(200, revoked.status(), revoked.toString());
    JsonNode after = listedKey(c, a, id);
    assertTrue(after.path("revoked").asBoolean(), after.toString());
    assertEquals(revoked.json().path("revoked_at").asText(), after.path("revoked_at").asText());
    assertEquals(
        c.get("/api/v1/keys/" + id, a.cookie()).json(),
        after,
        "the listing agrees with the entity");
  }

  @Test
  void listingsAreOrderedByCreationTime() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    List<String> made = new ArrayList<>();
    for (String name : List.of("order-1", "order-2", "order-3")) {
      made.add(a.newDatabase(c, name, "enforce"));
    }
    List<String> listed = new ArrayList<>();
    c.get("/api/v1/databases", a.cookie())
        .json()
        .path("databases")
        .forEach(d -> listed.add(d.path("id").asText()));
    List<String> ours = listed.stream().filter(made::contains).toList();
    assertEquals(made, ours, "oldest first: " + listed);
    assertEquals(a.databaseId(), listed.get(0), "the workspace's first database leads: " + listed);
  }

  @Test
  void anotherWorkspacesRowsAreNeverListed() throws SQLException {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    Tenant b = TestNode.tenantB();
    // A's rows are in the very tables B's listing reads
    assertEquals(
        a.workspaceId(),
        column("SELECT workspace_id FROM databases_view WHERE database_id = ?", a.databaseId()));
    assertEquals(
        a.workspaceId(),
        column("SELECT workspace_id FROM api_keys_view WHERE key_id = ?", a.keyId()));
    for (String auth : List.of(b.cookie(), b.bearer())) {
      JsonNode dbs = c.get("/api/v1/databases", auth).json().path("databases");
      assertTrue(dbs.size() >= 1, dbs.toString());
      dbs.forEach(d -> assertFalse(d.path("id").asText().equals(a.databaseId()), dbs.toString()));
      for (JsonNode d : dbs) {
        assertEquals(
            b.workspaceId(),
            column(
                "SELECT workspace_id FROM databases_view WHERE database_id = ?",
                d.path("id").asText()),
            "B lists only B's databases: " + dbs);
      }
    }
    JsonNode keys = c.get("/api/v1/keys", b.cookie()).json().path("keys");
    assertTrue(keys.size() >= 1, keys.toString());
    for (JsonNode k : keys) {
      assertEquals(
          b.workspaceId(),
          column("SELECT workspace_id FROM api_keys_view WHERE key_id = ?", k.path("id").asText()),
          "B lists only B's keys: " + keys);
    }
  }

  @Test
  void listingRowsComeFromTheViewTables() throws SQLException {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String id = a.newDatabase(c, "from-the-table", "observe");
    try (Connection conn = TestNode.shared().context().storage().connection();
        PreparedStatement ps =
            conn.prepareStatement(
                "SELECT workspace_id, name, dialect, mode, policy_version, "
                    + "deleted, seq_nr FROM databases_view WHERE database_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the create's row is in databases_view when the create answers");
        assertEquals(a.workspaceId(), rs.getString(1));
        assertEquals("from-the-table", rs.getString(2));
        assertEquals("postgres", rs.getString(3));
        assertEquals("observe", rs.getString(4));
        assertEquals(1, rs.getLong(5));
        assertFalse(rs.getBoolean(6));
        assertEquals(1, rs.getLong(7), "one event applied");
      }
    }
    // the listing reads the table (not the entity): a row changed under it shows through
    try (Connection conn = TestNode.shared().context().storage().connection();
        PreparedStatement ps =
            conn.prepareStatement("UPDATE databases_view SET name = ? WHERE database_id = ?")) {
      ps.setString(1, "written-by-sql");
      ps.setString(2, id);
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals("written-by-sql", listed(c, a, id).path("name").asText());
    assertEquals(
        "from-the-table",
        c.get("/api/v1/databases/" + id, a.cookie()).json().path("name").asText(),
        "the entity itself is unchanged");

    String[] keyAndId = a.newKey(c, "hashed-row").split(" ");
    assertEquals(
        keyAndId[1],
        column(
            "SELECT key_id FROM api_keys_view WHERE key_hash = ?",
            KeyMaterial.sha256Hex(keyAndId[0])),
        "keyed by the key's hash, like its entity");
    assertEquals(
        "0",
        column(
            "SELECT COUNT(*) FROM api_keys_view WHERE key_hash = ? OR key_id = ? OR name = ?",
            keyAndId[0],
            keyAndId[0],
            keyAndId[0]),
        "the key itself is stored nowhere in the view");
  }

  private static JsonNode listed(ApiClient c, Tenant t, String databaseId) {
    JsonNode list = c.get("/api/v1/databases", t.cookie()).json().path("databases");
    for (JsonNode d : list) {
      if (d.path("id").asText().equals(databaseId)) {
        return d;
      }
    }
    throw new AssertionError("database " + databaseId + " not listed: " + list);
  }

  private static JsonNode listedKey(ApiClient c, Tenant t, String keyId) {
    JsonNode list = c.get("/api/v1/keys", t.cookie()).json().path("keys");
    for (JsonNode k : list) {
      if (k.path("id").asText().equals(keyId)) {
        return k;
      }
    }
    throw new AssertionError("key " + keyId + " not listed: " + list);
  }

  static String column(String sql, String... args) throws SQLException {
    try (Connection conn = TestNode.shared().context().storage().connection();
        PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no row for " + sql);
        String v = rs.getString(1);
        assertNotNull(v, sql);
        return v;
      }
    }
  }
}
