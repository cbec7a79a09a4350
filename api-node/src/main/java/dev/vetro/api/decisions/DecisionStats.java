package dev.vetro.api.decisions;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.http.ApiDirectives;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET databases/{id}/decisions/stats?from&to}: what the Queries page draws (decisions over
 * time by outcome, top rules, top fingerprints), as three aggregate queries instead of shipping
 * every row to the browser; they read the per-minute counts ({@link DecisionMinutes}), not every
 * decision of the range. Default range: the 24 hours up to the next whole minute, ~48 buckets.
 */
public final class DecisionStats extends ApiDirectives {
  static final long DAY = 86_400_000L;
  static final int TOP = 10;
  static final long MINUTE = DecisionMinutes.MINUTE;

  private final ApiContext ctx;

  public DecisionStats(ApiContext ctx, Authenticator authenticator) {
    super(authenticator);
    this.ctx = ctx;
  }

  public Route forDatabase(String databaseId) {
    return path(
        PathMatchers.segment("decisions").slash("stats"),
        () ->
            get(
                () ->
                    caller(
                        c ->
                            parameterMap(
                                params -> {
                                  DecisionFilter f = DecisionFilter.parse(params);
                                  return json(
                                      ctx.databases()
                                          .owned(c, databaseId)
                                          .thenApplyAsync(
                                              db -> stats(db.workspaceId(), db.id(), f),
                                              ctx.blocking()));
                                }))));
  }

  Map<String, Object> stats(String workspaceId, String databaseId, DecisionFilter f) {
    // default "to": the next whole minute, so the whole range is read from the minute counts
    long to = f.to().orElse(DecisionMinutes.minuteOf(System.currentTimeMillis()) + MINUTE);
    long from = f.from().orElse(to - DAY);
    return stats(ctx.storage(), workspaceId, databaseId, from, to);
  }

  /**
   * The whole minutes of [from, to) come from {@code decision_minutes}; the partial minutes at
   * either end (a range not on whole minutes) from the decisions themselves, through their
   * (database, ts) index. Same answer as aggregating every decision of the range, in a few hundred
   * rows.
   */
  static Map<String, Object> stats(
      Storage storage, String workspaceId, String databaseId, long from, long to) {
    long bucket = bucketMillis(to - from);
    long start = Math.floorDiv(from, bucket) * bucket;
    Range r = Range.of(from, to);
    try (Connection c = storage.connection()) {
      TreeMap<Long, Map<String, Long>> series = new TreeMap<>();
      for (long t = start; t < to; t += bucket) {
        series.put(t, new LinkedHashMap<>(Map.of("ALLOWED", 0L, "FLAGGED", 0L, "BLOCKED", 0L)));
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT b, decision, SUM(n) FROM (SELECT (t - ?) / ? AS b, decision, n FROM ("
                  + SOURCE
                  + ") y) x GROUP BY b, decision")) {
        ps.setLong(1, start);
        ps.setLong(2, bucket);
        r.bind(ps, 3, workspaceId, databaseId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long t = start + rs.getLong(1) * bucket;
            series
                .computeIfAbsent(t, k -> new LinkedHashMap<>())
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
              "SELECT rule_code, SUM(n) AS c FROM ("
                  + SOURCE
                  + ") x WHERE rule_code <> '' GROUP BY rule_code ORDER BY c DESC, rule_code LIMIT "
                  + TOP)) {
        r.bind(ps, 1, workspaceId, databaseId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rules.add(Map.of("rule_code", rs.getString(1), "count", rs.getLong(2)));
          }
        }
      }
      List<Object> fingerprints = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT fingerprint, SUM(n) AS c, MAX(sample) FROM ("
                  + SOURCE
                  + ") x WHERE fingerprint <> '' GROUP BY fingerprint ORDER BY c DESC, fingerprint"
                  + " LIMIT "
                  + TOP)) {
        r.bind(ps, 1, workspaceId, databaseId);
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
      throw new IllegalStateException("decision stats failed: " + e.getMessage(), e);
    }
  }

  /**
   * (t, decision, rule_code, fingerprint, n, sample) of a range: its whole minutes' counts, then
   * the decisions of the partial minute at each end. Three branches, not an OR, so each one is an
   * index range scan. '' is "none", as in {@code decision_minutes}.
   */
  private static final String SOURCE =
      "SELECT minute_ts AS t, decision, rule_code, fingerprint, n, sample_statement AS sample"
          + " FROM decision_minutes WHERE workspace_id = ? AND database_id = ?"
          + " AND minute_ts >= ? AND minute_ts < ?"
          + " UNION ALL "
          + raw()
          + " UNION ALL "
          + raw();

  private static String raw() {
    return "SELECT ts AS t, decision, COALESCE(rule_code, '') AS rule_code,"
        + " COALESCE(fingerprint, '') AS fingerprint, CAST(1 AS BIGINT) AS n,"
        + " statement AS sample FROM decisions WHERE workspace_id = ? AND database_id = ?"
        + " AND ts >= ? AND ts < ?";
  }

  /** [from, to) as whole minutes [lo, hi) plus the raw ends [from, lo) and [hi, to). */
  private record Range(long from, long to, long lo, long hi) {
    static Range of(long from, long to) {
      long lo = DecisionMinutes.minuteOf(from + MINUTE - 1);
      long hi = DecisionMinutes.minuteOf(to);
      if (lo >= hi) {
        return new Range(from, to, to, to); // under two minutes: all raw, no counts
      }
      return new Range(from, to, lo, hi);
    }

    void bind(PreparedStatement ps, int first, String ws, String db) throws SQLException {
      boolean counts = lo < hi;
      DecisionStats.bind(ps, first, ws, db, counts ? lo : 0, counts ? hi : 0);
      DecisionStats.bind(ps, first + 4, ws, db, from, counts ? lo : to);
      DecisionStats.bind(ps, first + 8, ws, db, counts ? hi : to, to);
    }
  }

  /** About 48 buckets, on whole minutes (at least one), whatever the range. */
  static long bucketMillis(long range) {
    long minute = 60_000;
    return Math.max(minute, (Math.max(range, 1) / 48 + minute - 1) / minute * minute);
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
