package dev.vetro.api.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ApiConfig;
import dev.vetro.api.TestNode;
import dev.vetro.api.storage.Storage;
import dev.vetro.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The charts' per-minute counts answer exactly what aggregating every decision answered (the
 * queries below are the ones DecisionStats ran before the counts existed), on H2 and PostgreSQL:
 * after the projection's writes including a re-delivered envelope and a batch retried under a new
 * batch id, after the startup backfill, and after a retention sweep.
 */
class DecisionMinutesTest {
  private static final String WS = "ws-minutes";
  private static final String DB = "db-minutes";
  private static final String OTHER_DB = "db-other";
  // 2026-03-01T22:00:00Z: the history crosses midnight, so it spans two retention buckets
  private static final long T0 = Instant.parse("2026-03-01T22:00:00Z").toEpochMilli();
  private static final long SPAN = 4 * 3_600_000L;

  @ParameterizedTest
  @EnumSource(Storage.Kind.class)
  void countsAnswerLikeTheFullAggregate(Storage.Kind kind) throws Exception {
    try (Storage storage = open(kind)) {
      Random rnd = new Random(42);
      List<DecisionLog.BatchRecorded> batches = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        batches.add(batch(rnd, i % 7 == 0 ? OTHER_DB : DB, 50));
      }
      for (DecisionLog.BatchRecorded b : batches) {
        project(storage, List.of(b));
      }
      // the same envelope delivered again, twice in one group and once alone
      project(storage, List.of(batches.get(3), batches.get(3)));
      project(storage, List.of(batches.get(5)));
      // a batch the proxy retried under a new batch id, with some new decisions in it
      DecisionLog.BatchRecorded first = batches.get(1);
      List<DecisionRecord> retried = new ArrayList<>(first.decisions());
      retried.addAll(batch(rnd, DB, 10).decisions());
      project(
          storage,
          List.of(
              new DecisionLog.BatchRecorded(
                  "retry", WS, DB, DecisionLog.bucketFor(DB, T0), retried)));

      assertEquals(count(storage, "SELECT COUNT(*) FROM decisions"), countedDecisions(storage));
      assertSameStats(storage);

      // the startup backfill of a store whose decisions were projected before the counts existed
      try (Connection c = storage.connection();
          Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM decision_minutes");
      }
      long rows = DecisionMinutes.backfill(storage);
      assertTrue(rows > 0, "backfill counted " + rows);
      assertEquals(0, DecisionMinutes.backfill(storage), "the backfill runs once per store");
      assertSameStats(storage);

      // retention: the first day's bucket goes, with its counts
      long before = count(storage, "SELECT COUNT(*) FROM decisions");
      RetentionSweeper.Result swept =
          new RetentionSweeper(storage).sweep(ws -> 1, Instant.parse("2026-03-03T12:00:00Z"));
      assertTrue(swept.viewRows() > 0 && swept.viewRows() < before, "swept " + swept);
      assertEquals(count(storage, "SELECT COUNT(*) FROM decisions"), countedDecisions(storage));
      assertSameStats(storage);
    }
  }

  @ParameterizedTest
  @EnumSource(Storage.Kind.class)
  void historyPagesComeNewestFirstOffTheIndex(Storage.Kind kind) throws Exception {
    try (Storage storage = open(kind)) {
      Random rnd = new Random(7);
      for (int i = 0; i < 6; i++) {
        DecisionLog.BatchRecorded b = batch(rnd, DB, 40);
        // same-millisecond decisions: the cursor's event id tie-break must hold
        List<DecisionRecord> tied = new ArrayList<>(b.decisions());
        for (int j = 0; j < 5; j++) {
          DecisionRecord r = tied.get(0);
          tied.add(
              new DecisionRecord(
                  UUID.randomUUID().toString(),
                  r.ts(),
                  r.decision(),
                  r.ruleCode(),
                  r.ruleCodes(),
                  r.severity(),
                  r.message(),
                  r.fingerprint(),
                  r.databaseUser(),
                  r.source(),
                  r.statement(),
                  null,
                  null));
        }
        project(
            storage, List.of(new DecisionLog.BatchRecorded(b.batchId(), WS, DB, b.bucket(), tied)));
      }
      List<String> expected = new ArrayList<>();
      try (Connection c = storage.connection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT event_id FROM decisions ORDER BY ts DESC, event_id DESC")) {
        while (rs.next()) {
          expected.add(rs.getString(1));
        }
      }
      DecisionQueries queries = new DecisionQueries(storage);
      List<String> paged = new ArrayList<>();
      String cursor = null;
      do {
        Map<String, String> q = new LinkedHashMap<>(Map.of("limit", "7"));
        if (cursor != null) {
          q.put("cursor", cursor);
        }
        DecisionQueries.Page page = queries.list(WS, DB, DecisionFilter.parse(q));
        page.decisions().forEach(d -> paged.add(d.eventId()));
        cursor = page.nextCursor();
      } while (cursor != null);
      assertEquals(expected, paged);
      if (kind == Storage.Kind.H2) {
        // the first page is read off the descending index, not sorted from every row
        try (Connection c = storage.connection();
            PreparedStatement ps =
                c.prepareStatement(
                    "EXPLAIN SELECT event_id FROM decisions WHERE workspace_id = ? AND"
                        + " database_id = ? ORDER BY database_id, ts DESC, event_id DESC LIMIT 51")) {
          ps.setString(1, WS);
          ps.setString(2, DB);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            String plan = rs.getString(1);
            assertTrue(
                plan.contains("DECISIONS_DB_TS_DESC") && plan.contains("/* index sorted */"), plan);
          }
        }
      }
    }
  }

  private static void assertSameStats(Storage storage) {
    long[][] ranges = {
      {T0 - 60_000, T0 + SPAN + 60_000}, // all of it, on whole minutes
      {T0 + 12_345, T0 + SPAN - 54_321}, // partial minutes at both ends
      {T0 + 90_000 + 17, T0 + 150_000 - 3}, // inside two minutes: only the raw ends
      {T0 + 600_001, T0 + 600_002}, // one millisecond
      {T0 + 3_599_999, T0 + 7_200_001}, // across midnight
      {T0 + SPAN + 3_600_000, T0 + SPAN + 7_200_000}, // nothing in range
    };
    for (long[] r : ranges) {
      for (String db : List.of(DB, OTHER_DB)) {
        assertEquals(
            direct(storage, WS, db, r[0], r[1]),
            DecisionStats.stats(storage, WS, db, r[0], r[1]),
            db + " " + Instant.ofEpochMilli(r[0]) + " .. " + Instant.ofEpochMilli(r[1]));
      }
    }
  }

  private static DecisionLog.BatchRecorded batch(Random rnd, String db, int n) {
    String[] decisions = {"ALLOWED", "ALLOWED", "FLAGGED", "BLOCKED"};
    String[] rules = {null, "VETRO-001", "VETRO-002", "VETRO-010"};
    String[] fingerprints = {null, "fp-a", "fp-b", "fp-c", "fp-d"};
    // several texts per fingerprint (and none): MAX(statement) must survive the summary
    String[] statements = {null, "DELETE FROM users", "delete from users", "SELECT 1", "Ünïcode"};
    long base = T0 + (long) (rnd.nextDouble() * SPAN);
    List<DecisionRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String rule = rules[rnd.nextInt(rules.length)];
      records.add(
          new DecisionRecord(
              UUID.randomUUID().toString(),
              base + rnd.nextInt(300_000),
              decisions[rnd.nextInt(decisions.length)],
              rule,
              rule == null ? List.of() : List.of(rule),
              rule == null ? null : "critical",
              null,
              fingerprints[rnd.nextInt(fingerprints.length)],
              "app",
              "proxy",
              statements[rnd.nextInt(statements.length)],
              null,
              null));
    }
    return new DecisionLog.BatchRecorded(
        UUID.randomUUID().toString(), WS, db, DecisionLog.bucketFor(db, base), records);
  }

  /** One projection transaction, as the handler runs it (offset aside). */
  private static void project(Storage storage, List<DecisionLog.BatchRecorded> batches)
      throws SQLException {
    try (Connection c = storage.connection()) {
      c.setAutoCommit(false);
      DecisionProjection.Handler.write(
          c, storage.kind(), DecisionProjection.Handler.insertSql(storage.kind()), batches);
      c.commit();
    }
  }

  private static long countedDecisions(Storage storage) throws SQLException {
    return count(storage, "SELECT COALESCE(SUM(n), 0) FROM decision_minutes");
  }

  private static long count(Storage storage, String sql) throws SQLException {
    try (Connection c = storage.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Storage open(Storage.Kind kind) {
    ApiConfig config = ApiConfig.embedded(TestNode.tempDir("vetro-minutes"));
    if (kind == Storage.Kind.POSTGRES) {
      PostgresServer pg = PostgresServer.shared();
      String db = "vetro_minutes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      pg.execAsSuperuser("CREATE DATABASE " + db);
      config =
          config.withJournal(
              "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db,
              PostgresServer.SUPERUSER,
              PostgresServer.SUPERUSER_PASSWORD);
    }
    return Storage.open(config);
  }

  /** DecisionStats before the minute counts: three aggregates over every decision in range. */
  private static Map<String, Object> direct(
      Storage storage, String workspaceId, String databaseId, long from, long to) {
    long bucket = DecisionStats.bucketMillis(to - from);
    long start = Math.floorDiv(from, bucket) * bucket;
    String where =
        " FROM decisions WHERE workspace_id = ? AND database_id = ? AND ts >= ? AND ts < ?";
    try (Connection c = storage.connection()) {
      TreeMap<Long, Map<String, Long>> series = new TreeMap<>();
      for (long t = start; t < to; t += bucket) {
        series.put(t, new LinkedHashMap<>(Map.of("ALLOWED", 0L, "FLAGGED", 0L, "BLOCKED", 0L)));
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT b, decision, COUNT(*) FROM (SELECT (ts - ?) / ? AS b, decision"
                  + where
                  + ") x GROUP BY b, decision")) {
        ps.setLong(1, start);
        ps.setLong(2, bucket);
        bind(ps, 3, workspaceId, databaseId, from, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            series
                .computeIfAbsent(start + rs.getLong(1) * bucket, k -> new LinkedHashMap<>())
                .merge(rs.getString(2), rs.getLong(3), Long::sum);
          }
        }
      }
      List<Object> buckets = new ArrayList<>();
      series.forEach(
          (t, counts) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ts", Instant.ofEpochMilli(t).toString());
            m.put("allowed", counts.getOrDefault("ALLOWED", 0L));
            m.put("flagged", counts.getOrDefault("FLAGGED", 0L));
            m.put("blocked", counts.getOrDefault("BLOCKED", 0L));
            buckets.add(m);
          });
      List<Object> rules = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT rule_code, COUNT(*) AS n"
                  + where
                  + " AND rule_code IS NOT NULL GROUP BY rule_code ORDER BY n DESC, rule_code"
                  + " LIMIT 10")) {
        bind(ps, 1, workspaceId, databaseId, from, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rules.add(Map.of("rule_code", rs.getString(1), "count", rs.getLong(2)));
          }
        }
      }
      List<Object> fingerprints = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT fingerprint, COUNT(*) AS n, MAX(statement)"
                  + where
                  + " AND fingerprint IS NOT NULL GROUP BY fingerprint ORDER BY n DESC, fingerprint"
                  + " LIMIT 10")) {
        bind(ps, 1, workspaceId, databaseId, from, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", rs.getString(1));
            m.put("count", rs.getLong(2));
            m.put("statement", rs.getString(3));
            fingerprints.add(m);
          }
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("from", Instant.ofEpochMilli(from).toString());
      out.put("to", Instant.ofEpochMilli(to).toString());
      out.put("bucket_seconds", bucket / 1000);
      out.put("buckets", buckets);
      out.put("top_rules", rules);
      out.put("top_fingerprints", fingerprints);
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(
      PreparedStatement ps, int first, String ws, String db, long from, long to)
      throws SQLException {
    ps.setString(first, ws);
    ps.setString(first + 1, db);
    ps.setLong(first + 2, from);
    ps.setLong(first + 3, to);
  }
}
