package dev.vetro.api.databases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Policy and mode changes are recorded with who made them and listed in the history. */
class ChangeHistoryTest {

  @Test
  void historyNamesTheUserOrKeyBehindEachChange() {
    ApiClient c = TestNode.client();
    Tenant t = TestNode.tenantA();
    String db = t.newDatabase(c, "audited", "enforce");
    String[] admin = t.newScopedKey(c, "admin", List.of("admin")).split(" ");
    ApiClient.Resp put =
        c.send(
            "PUT",
            "/api/v1/databases/" + db + "/policy",
            "{\"rules\": {\"VETRO-001\": {\"enabled\": false}}}",
            t.cookie());
    assertEquals(200, put.status(), put.toString());
    ApiClient.Resp patch =
        c.send("PATCH", "/api/v1/databases/" + db, "{\"mode\": \"observe\"}", "Bearer " + admin[0]);
    assertEquals(200, patch.status(), patch.toString());

    JsonNode h = c.get("/api/v1/databases/" + db + "/history", t.cookie()).json().path("history");
    assertEquals(3, h.size(), h.toString());
    assertEquals("created", h.get(0).path("change").asText());
    assertEquals("user:" + t.email(), h.get(0).path("by").asText());
    assertEquals("policy", h.get(1).path("change").asText());
    assertEquals("user:" + t.email(), h.get(1).path("by").asText());
    assertEquals(2, h.get(1).path("policy_version").asLong());
    assertEquals("mode", h.get(2).path("change").asText());
    assertEquals("observe", h.get(2).path("mode").asText());
    assertEquals("key:" + admin[1], h.get(2).path("by").asText());
    assertEquals(3, h.get(2).path("policy_version").asLong());
    assertFalse(h.get(2).path("at").isNull());

    // another workspace cannot read it
    assertEquals(
        403, c.get("/api/v1/databases/" + db + "/history", TestNode.tenantB().cookie()).status());
  }
}
