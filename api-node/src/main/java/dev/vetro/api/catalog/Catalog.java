package dev.vetro.api.catalog;

import dev.vetro.api.databases.Database;
import dev.vetro.api.keys.ApiKey;
import dev.vetro.api.keys.Scope;
import dev.vetro.api.ops.Metrics;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's read side for routes: listings of a workspace's databases and keys as SQL over the
 * projected views (oldest first), and read-your-writes.
 *
 * <p>Read-your-writes: a route that changed a Database or ApiKey entity waits, before it answers,
 * until the view row has caught up with the entity's journal ({@code seq_nr} of the row at least
 * the highest sequence number journaled for the entity, read after the entity confirmed the write).
 * The wait polls on the blocking pool between scheduler ticks (no thread sleeps) and is bounded:
 * past {@link #MAX_WAIT} the route answers anyway (the write itself succeeded; failing it would
 * invite a duplicate retry), the listing catches up a moment later, and {@code
 * vetro_api_catalog_wait_timeouts_total} counts it. Because the row is checked against the journal
 * rather than an in-process signal, it holds whichever node runs the projection.
 */
public final class Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
  static final Duration MAX_WAIT = Duration.ofSeconds(3);
  private static final Duration FIRST_POLL = Duration.ofMillis(5);
  private static final Duration MAX_POLL = Duration.ofMillis(50);

  private enum View {
    DATABASES("SELECT seq_nr FROM databases_view WHERE database_id = ?"),
    KEYS("SELECT seq_nr FROM api_keys_view WHERE key_hash = ?");

    final String seqSql;

    View(String seqSql) {
      this.seqSql = seqSql;
    }
  }

  private final Storage storage;
  private final ActorSystem<?> system;
  private final Executor blocking;
  private final Metrics metrics;
  private final String journalSeqSql;

  public Catalog(Storage storage, ActorSystem<?> system, Executor blocking, Metrics metrics) {
    this.storage = storage;
    this.system = system;
    this.blocking = blocking;
    this.metrics = metrics;
    // the plugin's H2 tables have quoted lower-case names (see h2.sql)
    this.journalSeqSql =
        storage.kind() == Storage.Kind.H2
            ? "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ?"
            : "SELECT MAX(sequence_number) FROM event_journal WHERE persistence_id = ?";
  }

  // --- listings (call on the blocking pool) ----------------------------------------------

  /** The workspace's live databases, oldest first. {@code policyJson} is not in the view: null. */
  public List<Database.Info> databases(String workspaceId) {
    return rows(
        "database listing",
        "SELECT database_id, workspace_id, name, dialect, mode, policy_version, created_at "
            + "FROM databases_view WHERE workspace_id = ? AND deleted = FALSE ORDER BY created_at, database_id",
        workspaceId,
        rs ->
            new Database.Info(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                null,
                rs.getLong(6),
                rs.getLong(7)));
  }

  /**
   * The workspace's keys (revoked ones too), oldest first. {@code last_used_at} is the persisted
   * value, which the key's entity writes at most once a minute; {@code GET keys/{id}} has the
   * fresher in-memory one.
   */
  public List<ApiKey.Info> keys(String workspaceId) {
    return rows(
        "key listing",
        "SELECT key_id, workspace_id, name, created_at, last_used_at, revoked_at, scopes, "
            + "database_ids "
            + "FROM api_keys_view WHERE workspace_id = ? ORDER BY created_at, key_id",
        workspaceId,
        rs ->
            new ApiKey.Info(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Scope.names(Scope.of(commaList(rs.getString(7)))),
                commaList(rs.getString(8)),
                rs.getLong(4),
                nullableLong(rs, 5),
                nullableLong(rs, 6)));
  }

  private static List<String> commaList(String s) {
    return s == null ? null : List.of(s.split(","));
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row of {@code sql} (one string parameter), read by {@code row}. */
  private <T> List<T> rows(String what, String sql, String parameter, Row<T> row) {
    try (Connection c = storage.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }

  public CompletionStage<List<Database.Info>> databasesAsync(String workspaceId) {
    return CompletableFuture.supplyAsync(() -> databases(workspaceId), blocking);
  }

  public CompletionStage<List<ApiKey.Info>> keysAsync(String workspaceId) {
    return CompletableFuture.supplyAsync(() -> keys(workspaceId), blocking);
  }

  // --- read-your-writes --------------------------------------------------------------------

  /**
   * Completes once {@code databases_view} reflects every journaled event of the database (or after
   * {@link #MAX_WAIT}).
   */
  public CompletionStage<Void> awaitDatabase(String databaseId) {
    return await(
        View.DATABASES, databaseId, PersistenceId.of(Database.ENTITY_KEY.name(), databaseId).id());
  }

  /**
   * Completes once {@code api_keys_view} reflects every journaled event of the key (or after {@link
   * #MAX_WAIT}).
   */
  public CompletionStage<Void> awaitKey(String keyHash) {
    return await(View.KEYS, keyHash, PersistenceId.of(ApiKey.ENTITY_KEY.name(), keyHash).id());
  }

  private CompletionStage<Void> await(View view, String rowId, String persistenceId) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    blocking.execute(
        () -> {
          long target;
          try {
            target = journalHighest(persistenceId);
          } catch (SQLException | RuntimeException e) {
            LOG.warn(
                "read-your-writes: cannot read the journal of {}: {}", persistenceId, e.toString());
            done.complete(null);
            return;
          }
          poll(view, rowId, target, deadline, FIRST_POLL, done);
        });
    return done;
  }

  private void poll(
      View view,
      String rowId,
      long target,
      long deadline,
      Duration delay,
      CompletableFuture<Void> done) {
    try {
      if (viewSeq(view, rowId) >= target) {
        done.complete(null);
        return;
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("read-your-writes: cannot read {} row {}: {}", view, rowId, e.toString());
      done.complete(null);
      return;
    }
    if (System.nanoTime() >= deadline) {
      metrics.inc(
          "vetro_api_catalog_wait_timeouts_total",
          "Writes answered before the catalog listing showed them (read-your-writes wait timed out)");
      LOG.warn(
          "read-your-writes: {} row {} did not reach #{} in {} ms; answering anyway",
          view,
          rowId,
          target,
          MAX_WAIT.toMillis());
      done.complete(null);
      return;
    }
    Duration next =
        delay.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : delay.multipliedBy(2);
    // the tick only hands the next check to the blocking pool; no thread waits in between
    system
        .scheduler()
        .scheduleOnce(
            delay,
            () -> blocking.execute(() -> poll(view, rowId, target, deadline, next, done)),
            system.executionContext());
  }

  private long journalHighest(String persistenceId) throws SQLException {
    return firstLong(
        journalSeqSql, persistenceId); // MAX of nothing is NULL: 0, nothing to wait for
  }

  private long viewSeq(View view, String rowId) throws SQLException {
    return firstLong(view.seqSql, rowId); // no row yet: 0
  }

  /**
   * The first column of the first row of {@code sql} (one string parameter); 0 when none or NULL.
   */
  private long firstLong(String sql, String parameter) throws SQLException {
    try (Connection c = storage.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
