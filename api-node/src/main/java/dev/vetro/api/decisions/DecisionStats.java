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
 * time by outcome, top rules, top fingerprints), as three aggregate queries on the view table
 * instead of shipping every row to the browser. Default range: the last 24 hours, ~48 buckets.
 */
public final class DecisionStats extends ApiDirectives {
  static final long DAY = 86_400_000L;
  static final int TOP = 10;

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
    long to = f.to().orElse(System.currentTimeMillis());
    long from = f.from().orElse(to - DAY);
    long bucket = bucketMillis(to - from);
    long start = Math.floorDiv(from, bucket) * bucket;
    String where =
        " FROM decisions WHERE workspace_id = ? AND database_id = ? AND ts >= ? AND ts < ?";
    Storage storage = ctx.storage();
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
              "SELECT rule_code, COUNT(*) AS n"
                  + where
                  + " AND rule_code IS NOT NULL GROUP BY rule_code ORDER BY n DESC, rule_code LIMIT "
                  + TOP)) {
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
                  + " LIMIT "
                  + TOP)) {
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
      throw new IllegalStateException("decision stats failed: " + e.getMessage(), e);
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
