package dev.vetro.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user or key of workspace B can neither read nor change workspace A's resources, on every
 * endpoint that names one; and A's resources are unchanged afterwards.
 */
class TenancyIsolationTest {

  private record Probe(String method, String path, String body) {}

  @Test
  void otherWorkspaceIsRefusedOnEveryEndpoint() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    Tenant b = TestNode.tenantB();
    String db = a.databaseId();
    List<Probe> probes =
        List.of(
            new Probe("GET", "/api/v1/databases/" + db, null),
            new Probe("PATCH", "/api/v1/databases/" + db, "{\"name\":\"stolen\"}"),
            new Probe("DELETE", "/api/v1/databases/" + db, null),
            new Probe("GET", "/api/v1/databases/" + db + "/policy", null),
            new Probe("PUT", "/api/v1/databases/" + db + "/policy", "{\"mode\":\"observe\"}"),
            new Probe("GET", "/api/v1/databases/" + db + "/decisions", null),
            new Probe("GET", "/api/v1/databases/" + db + "/events", null),
            new Probe("GET", "/api/v1/databases/" + db + "/status", null),
            new Probe(
                "POST",
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", "SELECT 1", "database_id", db))),
            new Probe(
                "POST",
                "/api/v1/ci/check",
                ApiClient.json(
                    Map.of(
                        "database_id",
                        db,
                        "files",
                        List.of(Map.of("path", "a.sql", "content", "SELECT 1"))))),
            new Probe("GET", "/api/v1/proxy/policy?database_id=" + db, null),
            new Probe(
                "POST",
                "/api/v1/proxy/events",
                ApiClient.json(
                    Map.of(
                        "database_id",
                        db,
                        "batch_id",
                        "evil",
                        "events",
                        List.of(Map.of("decision", "ALLOWED"))))),
            new Probe(
                "POST",
                "/api/v1/proxy/heartbeat",
                ApiClient.json(
                    Map.of("database_id", db, "node_id", "evil", "upstream_reachable", true))));
    List<String> leaks = new ArrayList<>();
    for (String auth : List.of(b.cookie(), b.bearer())) {
      for (Probe p : probes) {
        ApiClient.Resp r = c.send(p.method(), p.path(), p.body(), auth);
        if (r.status() != 403 || !"forbidden".equals(r.error())) {
          leaks.add(p.method() + " " + p.path() + " as " + auth.substring(0, 8) + " -> " + r);
        }
      }
      // keys are looked up in the caller's own workspace: another's key id does not exist there
      for (String method : List.of("GET", "DELETE")) {
        ApiClient.Resp r = c.send(method, "/api/v1/keys/" + a.keyId(), null, auth);
        if (r.status() != 404 && r.status() != 403) {
          leaks.add(method + " key of A as " + auth.substring(0, 8) + " -> " + r);
        }
      }
    }
    assertEquals(List.of(), leaks);

    // listings show only the caller's own resources
    assertFalse(c.get("/api/v1/databases", b.cookie()).body().contains(db));
    assertFalse(c.get("/api/v1/keys", b.cookie()).body().contains(a.keyId()));
    assertEquals(
        b.workspaceId(), c.get("/api/v1/workspace", b.bearer()).json().path("id").asText());

    // and A's resources are intact
    ApiClient.Resp mine = c.get("/api/v1/databases/" + db, a.cookie());
    assertEquals(200, mine.status(), mine.toString());
    assertEquals("tenant-a-db", mine.json().path("name").asText());
    assertEquals(
        "enforce",
        c.get("/api/v1/databases/" + db + "/policy", a.cookie()).json().path("mode").asText());
    ApiClient.Resp ok =
        c.post(
            "/api/v1/proxy/query",
            ApiClient.json(Map.of("query", "SELECT 1", "database_id", db)),
            a.bearer());
    assertEquals(200, ok.status(), "A's own key still works: " + ok);
    assertTrue(
        c.get("/api/v1/databases/" + db + "/status", a.cookie()).body().contains("\"proxies\":[]"),
        "B's heartbeat was not recorded for A's database");
  }
}
