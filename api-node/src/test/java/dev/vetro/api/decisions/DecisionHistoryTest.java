package dev.vetro.api.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Ingest, listing with filters and cursors, the live stream, and retention that deletes. */
class DecisionHistoryTest {

  private static JsonNode awaitListing(
      ApiClient c, Tenant t, String db, String query, Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = c.get("/api/v1/databases/" + db + "/decisions" + query, t.cookie()).json();
      if (done.test(last)) {
        return last;
      }
      sleep(200);
    }
    throw new AssertionError("projection did not deliver in 30 s; last page: " + last);
  }

  private static Map<String, Object> event(
      String id, long ts, String decision, String rule, String user, String fp) {
    return Map.of(
        "event_id",
        id,
        "ts",
        ts,
        "decision",
        decision,
        "rule_code",
        rule,
        "database_user",
        user,
        "fingerprint",
        fp,
        "statement",
        "DELETE FROM t WHERE id = ?");
  }

  @Test
  void retriedBatchIsRecordedOnceAndFiltersAndCursorsWork() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String db = a.newDatabase(c, "history", "enforce");
    long now = System.currentTimeMillis();
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String decision = i % 3 == 0 ? "BLOCKED" : "ALLOWED";
      events.add(
          event(
              "e-" + i,
              now - i * 1000L,
              decision,
              i % 3 == 0 ? "VETRO-001" : "VETRO-050",
              i < 4 ? "app" : "migrator",
              i == 4 ? "abcdef0123456789" : "0000000000000001"));
    }
    String batch = ApiClient.json(Map.of("database_id", db, "batch_id", "b-1", "events", events));
    ApiClient.Resp first = c.post("/api/v1/proxy/events", batch, a.bearer());
    assertEquals(9, first.json().path("accepted").asInt(), first.toString());
    ApiClient.Resp retry = c.post("/api/v1/proxy/events", batch, a.bearer());
    assertTrue(retry.json().path("duplicate").asBoolean(), retry.toString());
    assertEquals(0, retry.json().path("accepted").asInt());

    JsonNode all = awaitListing(c, a, db, "?limit=100", p -> p.path("decisions").size() >= 9);
    assertEquals(9, all.path("decisions").size(), "the retry added nothing");

    assertEquals(
        3,
        c.get("/api/v1/databases/" + db + "/decisions?decision=BLOCKED", a.cookie())
            .json()
            .path("decisions")
            .size());
    assertEquals(
        6,
        c.get("/api/v1/databases/" + db + "/decisions?rule=VETRO-050", a.cookie())
            .json()
            .path("decisions")
            .size());
    assertEquals(
        4,
        c.get("/api/v1/databases/" + db + "/decisions?database_user=app", a.cookie())
            .json()
            .path("decisions")
            .size());
    assertEquals(
        1,
        c.get("/api/v1/databases/" + db + "/decisions?fingerprint=abcdef0123456789", a.cookie())
            .json()
            .path("decisions")
            .size());
    String from = Instant.ofEpochMilli(now - 2500).toString();
    assertEquals(
        3,
        c.get("/api/v1/databases/" + db + "/decisions?from=" + from, a.cookie())
            .json()
            .path("decisions")
            .size());
    assertEquals(
        400, c.get("/api/v1/databases/" + db + "/decisions?decision=MAYBE", a.cookie()).status());

    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          c.get(
                  "/api/v1/databases/"
                      + db
                      + "/decisions?limit=4"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  a.cookie())
              .json();
      page.path("decisions")
          .forEach(d -> assertTrue(seen.add(d.path("event_id").asText()), "no row twice: " + d));
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
      pages++;
    } while (cursor != null);
    assertEquals(9, seen.size());
    assertEquals(3, pages);
  }

  @Test
  void liveStreamDeliversNewDecisions() throws Exception {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String db = a.newDatabase(c, "live", "enforce");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(c.base() + "/api/v1/databases/" + db + "/events"))
            .header("Cookie", "vetro_session=" + a.session())
            .build();
    HttpResponse<java.io.InputStream> resp =
        http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, resp.statusCode());
    assertTrue(
        resp.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    CompletableFuture<String> firstDecision =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("data:") && line.contains("DROP TABLE")) {
                    return line;
                  }
                }
                return null;
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    // the subscription may attach a moment after the headers; keep deciding until one arrives
    for (int i = 0; i < 50 && !firstDecision.isDone(); i++) {
      c.post(
          "/api/v1/proxy/query",
          ApiClient.json(Map.of("query", "DROP TABLE audit_" + i, "database_id", db)),
          a.bearer());
      sleep(300);
    }
    String line = firstDecision.get(20, TimeUnit.SECONDS);
    assertTrue(line.contains("\"decision\":\"BLOCKED\"") && line.contains("VETRO-010"), line);
    resp.body().close();
  }

  @Test
  void retentionDeletesOldBucketsFromJournalAndView() throws Exception {
    ApiClient c = TestNode.client();
    Tenant t =
        Tenant.create(c, "retention"); // own workspace: the retention change must not touch others
    long now = System.currentTimeMillis();
    long tenDaysAgo = now - Duration.ofDays(10).toMillis();
    String events =
        ApiClient.json(
            Map.of(
                "database_id",
                t.databaseId(),
                "batch_id",
                "old-and-new",
                "events",
                List.of(
                    event("old-1", tenDaysAgo, "BLOCKED", "VETRO-001", "app", "01"),
                    event("new-1", now, "ALLOWED", "VETRO-050", "app", "02"))));
    assertEquals(
        2, c.post("/api/v1/proxy/events", events, t.bearer()).json().path("accepted").asInt());
    awaitListing(c, t, t.databaseId(), "", p -> p.path("decisions").size() == 2);
    String oldBucket =
        DecisionLog.persistenceIdOf(DecisionLog.bucketFor(t.databaseId(), tenDaysAgo));
    assertTrue(journalRows(oldBucket) > 0, "the old bucket is in the journal before the sweep");

    ApiClient.Resp patch =
        c.send("PATCH", "/api/v1/workspace", "{\"retention_days\": 7}", t.cookie());
    assertEquals(7, patch.json().path("retention_days").asInt(), patch.toString());
    RetentionSweeper.Result r = TestNode.shared().sweepRetentionNow();
    assertTrue(r.buckets() >= 1, r.toString());

    assertEquals(0, journalRows(oldBucket), "journal rows of the expired bucket are gone");
    JsonNode left = c.get("/api/v1/databases/" + t.databaseId() + "/decisions", t.cookie()).json();
    assertEquals(1, left.path("decisions").size(), left.toString());
    assertEquals("new-1", left.path("decisions").get(0).path("event_id").asText());
    // an event older than the retention is refused, so the deleted bucket never reopens
    ApiClient.Resp late =
        c.post(
            "/api/v1/proxy/events",
            ApiClient.json(
                Map.of(
                    "database_id",
                    t.databaseId(),
                    "batch_id",
                    "late",
                    "events",
                    List.of(event("old-2", tenDaysAgo, "ALLOWED", "VETRO-050", "app", "03")))),
            t.bearer());
    assertEquals(1, late.json().path("expired").asInt(), late.toString());
    assertEquals(0, journalRows(oldBucket));
  }

  private static long journalRows(String persistenceId) throws Exception {
    try (Connection conn = TestNode.shared().context().storage().connection();
        PreparedStatement ps =
            conn.prepareStatement(
                "SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
