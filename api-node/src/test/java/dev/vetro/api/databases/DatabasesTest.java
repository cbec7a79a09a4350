package dev.vetro.api.databases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Database CRUD, the versioned policy with its ETag, and modes as the engine applies them. */
class DatabasesTest {

  @Test
  void createRenameListDelete() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp created =
        c.post(
            "/api/v1/databases",
            ApiClient.json(Map.of("name", "orders", "dialect", "mysql")),
            a.cookie());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().path("id").asText();
    assertEquals("mysql", created.json().path("dialect").asText());
    ApiClient.Resp renamed =
        c.send("PATCH", "/api/v1/databases/" + id, "{\"name\":\"orders-eu\"}", a.cookie());
    assertEquals("orders-eu", renamed.json().path("name").asText());
    assertTrue(c.get("/api/v1/databases", a.bearer()).body().contains("orders-eu"));
    String query = ApiClient.json(Map.of("query", "SELECT 1", "database_id", id));
    assertEquals(
        200,
        c.post("/api/v1/proxy/query", query, a.bearer()).status()); // now in the evaluation cache
    assertEquals(204, c.send("DELETE", "/api/v1/databases/" + id, null, a.cookie()).status());
    assertEquals(404, c.get("/api/v1/databases/" + id, a.cookie()).status());
    assertEquals(
        404,
        c.post("/api/v1/proxy/query", query, a.bearer()).status(),
        "deleted, so unknown at once");
    assertFalse(c.get("/api/v1/databases", a.cookie()).body().contains(id));
    ApiClient.Resp bad =
        c.post(
            "/api/v1/databases",
            ApiClient.json(Map.of("name", "x", "dialect", "sqlite")),
            a.cookie());
    assertEquals(422, bad.status());
    assertEquals("unknown_dialect", bad.error());
  }

  @Test
  void policyIsVersionedAndServedWithEtag() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String id = a.newDatabase(c, "etag", "enforce");
    ApiClient.Resp first = c.get("/api/v1/proxy/policy?database_id=" + id, a.bearer());
    String etag = first.header("etag").orElseThrow();
    long v1 = first.json().path("version").asLong();
    ApiClient.Resp same =
        c.send(
            "GET",
            "/api/v1/proxy/policy?database_id=" + id,
            null,
            a.bearer(),
            "If-None-Match",
            etag);
    assertEquals(304, same.status());

    // judged once before the change, so this node holds the database in its evaluation cache
    JsonNode before =
        c.post(
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", "SELECT * FROM orders", "database_id", id)),
                a.bearer())
            .json();
    assertNotEquals("BLOCKED", before.path("decision").asText(), before.toString());

    String policy = "{\"rules\": {\"VETRO-051\": {\"action\": \"block\"}}}";
    ApiClient.Resp put = c.send("PUT", "/api/v1/databases/" + id + "/policy", policy, a.cookie());
    assertEquals(200, put.status(), put.toString());
    assertEquals(v1 + 1, put.json().path("version").asLong());
    ApiClient.Resp changed =
        c.send(
            "GET",
            "/api/v1/proxy/policy?database_id=" + id,
            null,
            a.bearer(),
            "If-None-Match",
            etag);
    assertEquals(200, changed.status());
    assertNotEquals(etag, changed.header("etag").orElseThrow());

    // the new policy is what the evaluation API applies
    JsonNode d =
        c.post(
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", "SELECT * FROM orders", "database_id", id)),
                a.bearer())
            .json();
    assertEquals("BLOCKED", d.path("decision").asText(), d.toString());
    assertEquals("VETRO-051", d.path("rule_code").asText());

    ApiClient.Resp invalid =
        c.send(
            "PUT",
            "/api/v1/databases/" + id + "/policy",
            "{\"rules\": {\"VETRO-999\": {}}}",
            a.cookie());
    assertEquals(422, invalid.status(), invalid.toString());
    assertEquals("invalid_policy", invalid.error());
    assertTrue(invalid.json().path("message").asText().contains("VETRO-999"), invalid.toString());
  }

  @Test
  void observeModeNeverBlocksButSaysWhatEnforceWouldDo() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String id = a.newDatabase(c, "observed", "observe");
    JsonNode d =
        c.post(
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", "DROP TABLE orders", "database_id", id)),
                a.bearer())
            .json();
    assertNotEquals("BLOCKED", d.path("decision").asText(), d.toString());
    assertEquals("BLOCKED", d.path("enforce_decision").asText(), d.toString());
  }
}
