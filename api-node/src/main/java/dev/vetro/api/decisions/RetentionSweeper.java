package dev.vetro.api.decisions;

import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Deletes decision history older than each workspace's retention: whole UTC-day buckets, from the
 * journal (events, tags by cascade, snapshots) and from the view. Old buckets are closed (the
 * ingest refuses decisions older than the retention), so deleting their journal rows under the
 * plugin is safe; the plugin has no "delete this persistence id" of its own.
 */
public final class RetentionSweeper {

  public record Result(int buckets, long journalRows, long viewRows) {}

  private final Storage storage;

  public RetentionSweeper(Storage storage) {
    this.storage = storage;
  }

  /**
   * @param retentionDays retention of a workspace id (asked of the workspace entities)
   * @param now the sweep's clock
   */
  public Result sweep(Function<String, Integer> retentionDays, Instant now) {
    Map<String, List<String>> bucketsByWorkspace = new java.util.HashMap<>();
    try (Connection c = storage.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT DISTINCT workspace_id, bucket FROM decisions");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        bucketsByWorkspace
            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "retention sweep could not list buckets: " + e.getMessage(), e);
    }
    int buckets = 0;
    long journal = 0;
    long view = 0;
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (Map.Entry<String, List<String>> e : bucketsByWorkspace.entrySet()) {
      Integer days = retentionDays.apply(e.getKey());
      if (days == null) {
        continue;
      }
      LocalDate oldestKept = today.minusDays(days);
      for (String bucket : e.getValue()) {
        if (dayOf(bucket).isBefore(oldestKept)) {
          long[] n = deleteBucket(bucket);
          buckets++;
          journal += n[0];
          view += n[1];
        }
      }
    }
    return new Result(buckets, journal, view);
  }

  public static boolean expired(long ts, int retentionDays, Instant now) {
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
    return day.isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(retentionDays));
  }

  private static LocalDate dayOf(String bucket) {
    return LocalDate.parse(bucket.substring(bucket.lastIndexOf('_') + 1));
  }

  private long[] deleteBucket(String bucket) {
    String pid = DecisionLog.persistenceIdOf(bucket);
    boolean h2 = storage.kind() == Storage.Kind.H2;
    String journalTable = h2 ? "\"event_journal\"" : "event_journal";
    String snapshotTable = h2 ? "\"snapshot\"" : "snapshot";
    String pidCol = h2 ? "\"persistence_id\"" : "persistence_id";
    try (Connection c = storage.connection()) {
      c.setAutoCommit(false);
      long journal;
      long view;
      try (PreparedStatement j =
              c.prepareStatement("DELETE FROM " + journalTable + " WHERE " + pidCol + " = ?");
          PreparedStatement s =
              c.prepareStatement("DELETE FROM " + snapshotTable + " WHERE " + pidCol + " = ?");
          PreparedStatement v = c.prepareStatement("DELETE FROM decisions WHERE bucket = ?")) {
        j.setString(1, pid);
        journal = j.executeUpdate();
        s.setString(1, pid);
        s.executeUpdate();
        v.setString(1, bucket);
        view = v.executeUpdate();
      }
      DecisionMinutes.deleteBucket(c, bucket); // the charts' counts of those rows
      c.commit();
      return new long[] {journal, view};
    } catch (SQLException e) {
      throw new IllegalStateException(
          "retention sweep could not delete " + bucket + ": " + e.getMessage(), e);
    }
  }
}
