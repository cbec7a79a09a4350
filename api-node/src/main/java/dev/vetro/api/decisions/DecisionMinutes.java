package dev.vetro.api.decisions;

import dev.vetro.api.storage.OnceMarker;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code decision_minutes} table: decisions counted per (database, minute, retention bucket,
 * decision, rule, fingerprint), with MAX(statement) per key, which is what the Queries page's
 * charts aggregate. Counts are only added for decision rows that were really inserted (the insert
 * reports 0 for an event id already there), in the same transaction, so neither a re-delivered
 * envelope nor a batch retried under a new batch id can count a decision twice.
 */
public final class DecisionMinutes {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionMinutes.class);
  static final long MINUTE = 60_000;
  static final String MARKER = "decision-minutes";

  /** Stands for "no rule" / "no fingerprint": key columns cannot be NULL. */
  static final String NONE = "";

  /** A decision row that was inserted, as far as the counts need it. */
  record Inserted(
      String workspaceId,
      String databaseId,
      String bucket,
      long ts,
      String decision,
      String ruleCode,
      String fingerprint,
      String statement) {}

  private record Key(
      String databaseId,
      long minute,
      String workspaceId,
      String bucket,
      String decision,
      String ruleCode,
      String fingerprint) {}

  private static final class Count {
    long n;
    final Set<String> statements = new LinkedHashSet<>();
  }

  private static final String COLS =
      "database_id, minute_ts, workspace_id, bucket, decision, rule_code, fingerprint, n,"
          + " sample_statement";
  private static final String KEY =
      "database_id, minute_ts, workspace_id, bucket, decision, rule_code, fingerprint";

  private DecisionMinutes() {}

  static long minuteOf(long ts) {
    return Math.floorDiv(ts, MINUTE) * MINUTE;
  }

  /** Adds {@code rows} to the counts on {@code c}, inside the caller's transaction. */
  static void add(Connection c, Storage.Kind kind, List<Inserted> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    // one upsert per key, not per row: a minute of one statement shape is one row
    Map<Key, Count> counts = new LinkedHashMap<>();
    for (Inserted r : rows) {
      String fp = r.fingerprint() == null ? NONE : r.fingerprint();
      Key k =
          new Key(
              r.databaseId(),
              minuteOf(r.ts()),
              r.workspaceId(),
              r.bucket(),
              r.decision(),
              r.ruleCode() == null ? NONE : r.ruleCode(),
              fp);
      Count n = counts.computeIfAbsent(k, x -> new Count());
      n.n++;
      if (!fp.isEmpty() && r.statement() != null) {
        n.statements.add(r.statement());
      }
    }
    try (PreparedStatement ps = c.prepareStatement(upsert(kind))) {
      for (Map.Entry<Key, Count> e : counts.entrySet()) {
        // the database picks the greatest statement (its collation, as MAX did); extra distinct
        // statements of a key go in as zero-count upserts
        List<String> statements = List.copyOf(e.getValue().statements);
        long n = e.getValue().n;
        if (statements.isEmpty()) {
          bind(ps, e.getKey(), n, null);
          ps.addBatch();
        }
        for (String s : statements) {
          bind(ps, e.getKey(), n, s);
          ps.addBatch();
          n = 0;
        }
      }
      ps.executeBatch();
    }
  }

  private static String upsert(Storage.Kind kind) {
    if (kind == Storage.Kind.POSTGRES) {
      return "INSERT INTO decision_minutes ("
          + COLS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("
          + KEY
          + ") DO UPDATE SET n = decision_minutes.n + EXCLUDED.n, sample_statement ="
          + " GREATEST(decision_minutes.sample_statement, EXCLUDED.sample_statement)";
    }
    // H2's GREATEST is NULL when an argument is: coalesce both ways first
    return "MERGE INTO decision_minutes m USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT),"
        + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(16)),"
        + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT),"
        + " CAST(? AS VARCHAR(4000)))) s("
        + COLS
        + ") ON m.database_id = s.database_id AND m.minute_ts = s.minute_ts"
        + " AND m.workspace_id = s.workspace_id AND m.bucket = s.bucket"
        + " AND m.decision = s.decision AND m.rule_code = s.rule_code"
        + " AND m.fingerprint = s.fingerprint"
        + " WHEN MATCHED THEN UPDATE SET n = m.n + s.n, sample_statement ="
        + " GREATEST(COALESCE(m.sample_statement, s.sample_statement),"
        + " COALESCE(s.sample_statement, m.sample_statement))"
        + " WHEN NOT MATCHED THEN INSERT ("
        + COLS
        + ") VALUES (s.database_id, s.minute_ts, s.workspace_id, s.bucket, s.decision,"
        + " s.rule_code, s.fingerprint, s.n, s.sample_statement)";
  }

  private static void bind(PreparedStatement ps, Key k, long n, String statement)
      throws SQLException {
    ps.setString(1, k.databaseId());
    ps.setLong(2, k.minute());
    ps.setString(3, k.workspaceId());
    ps.setString(4, k.bucket());
    ps.setString(5, k.decision());
    ps.setString(6, k.ruleCode());
    ps.setString(7, k.fingerprint());
    ps.setLong(8, n);
    ps.setString(9, statement);
  }

  /** The retention sweep's part: a deleted bucket's counts go with its rows. */
  static long deleteBucket(Connection c, String bucket) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM decision_minutes WHERE bucket = ?")) {
      ps.setString(1, bucket);
      return ps.executeUpdate();
    }
  }

  /**
   * Once per store, before the decision projection starts: counts the decision rows projected
   * before this table existed (run under the schema lock, so two nodes starting together do not
   * both count). Like the catalog backfill, a decision projected by a node of the previous version
   * during a rolling upgrade is not counted; delete the marker row to count again from scratch.
   */
  public static long backfill(Storage storage) {
    try {
      long counted =
          OnceMarker.run(
              storage,
              MARKER,
              c -> {
                try (PreparedStatement clear = c.prepareStatement("DELETE FROM decision_minutes");
                    PreparedStatement fill =
                        c.prepareStatement(
                            "INSERT INTO decision_minutes ("
                                + COLS
                                + ") SELECT database_id, m, workspace_id, bucket, decision, rc, fp,"
                                + " COUNT(*), MAX(CASE WHEN fp <> '' THEN statement END) FROM ("
                                + "SELECT database_id, (ts / "
                                + MINUTE
                                + ") * "
                                + MINUTE
                                + " AS m, workspace_id, bucket, decision, COALESCE(rule_code, '') AS rc,"
                                + " COALESCE(fingerprint, '') AS fp, statement FROM decisions) x"
                                + " GROUP BY database_id, m, workspace_id, bucket, decision, rc, fp")) {
                  clear.executeUpdate();
                  return (long) fill.executeUpdate();
                }
              });
      if (counted > 0) {
        LOG.info("decision minutes backfill: {} count rows from existing decisions", counted);
      }
      return counted;
    } catch (SQLException e) {
      throw new IllegalStateException("decision minutes backfill failed: " + e.getMessage(), e);
    }
  }
}
