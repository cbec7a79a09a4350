package dev.vetro.api.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A read-side backfill that runs once per store: its work and its marker row in {@code
 * read_side_backfills} commit together, so a crash in between leaves it to do again, and a store
 * that has the marker skips it. Delete the marker row to run it again.
 */
public final class OnceMarker {
  /** The backfill's work on the transaction's connection; returns how many rows it changed. */
  @FunctionalInterface
  public interface Work {
    long run(Connection c) throws SQLException;
  }

  private OnceMarker() {}

  /** Runs {@code work} unless {@code marker} is recorded; returns its count, 0 when skipped. */
  public static long run(Storage storage, String marker, Work work) throws SQLException {
    try (Connection c = storage.connection()) {
      c.setAutoCommit(false);
      try {
        if (done(c, marker)) {
          c.rollback();
          return 0;
        }
        long changed = work.run(c);
        try (PreparedStatement mark =
            c.prepareStatement("INSERT INTO read_side_backfills (name, done_at) VALUES (?, ?)")) {
          mark.setString(1, marker);
          mark.setLong(2, System.currentTimeMillis());
          mark.executeUpdate();
        }
        c.commit();
        return changed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static boolean done(Connection c, String marker) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM read_side_backfills WHERE name = ?")) {
      ps.setString(1, marker);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
