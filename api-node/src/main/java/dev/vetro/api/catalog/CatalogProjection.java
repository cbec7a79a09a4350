package dev.vetro.api.catalog;

import dev.vetro.api.databases.Database;
import dev.vetro.api.keys.ApiKey;
import dev.vetro.api.storage.PooledJdbcSession;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read side of the catalog: Database and ApiKey events become rows of {@code databases_view} and
 * {@code api_keys_view}, so the listings are one SQL query per request instead of a workspace ask
 * plus one ask per member. Offsets are committed in the same transaction as the rows.
 *
 * <p>Every row carries the sequence number of the last event applied to it ({@code seq_nr}); an
 * update only applies to a row that is older than the event, so applying an event twice changes
 * nothing, and {@link Catalog#awaitDatabase} can tell whether a write is visible yet. An event for
 * a row that does not exist (its {@code Created} was never tagged) changes nothing and is logged:
 * {@link CatalogBackfill} tags the events journaled before this projection existed.
 */
public final class CatalogProjection {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogProjection.class);

  /** Tag of the Database and ApiKey events (both entities tag every event with it). */
  public static final String TAG = "catalog";

  static final String PROJECTION_NAME = "catalog";

  private CatalogProjection() {}

  public static void init(ActorSystem<?> system, Storage storage) {
    SourceProvider<Offset, EventEnvelope<Object>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), TAG);
    // writes are rare and a writer waits for its row: a short group window
    GroupedProjection<Offset, EventEnvelope<Object>> projection =
        JdbcProjection.groupedWithin(
                ProjectionId.of(PROJECTION_NAME, TAG),
                source,
                () -> new PooledJdbcSession(storage),
                Handler::new,
                system)
            .withGroup(100, Duration.ofMillis(10));
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "catalog-projection",
            1,
            i -> ProjectionBehavior.create(projection),
            ProjectionBehavior.stopMessage());
  }

  /** Subclassed, not {@code fromFunction}: the function form cannot throw SQLException. */
  static final class Handler extends JdbcHandler<List<EventEnvelope<Object>>, PooledJdbcSession> {
    // an update applies only to a row older than the event: replays and duplicates change nothing
    private static final String GUARD = ", seq_nr = ? WHERE %s = ? AND seq_nr < ?";
    private static final Map<Class<?>, String> DATABASE_UPDATES =
        Map.of(
            Database.Renamed.class, "UPDATE databases_view SET name = ?" + GUARD,
            Database.DialectChanged.class,
                "UPDATE databases_view SET dialect = ?, policy_version = policy_version + 1"
                    + GUARD,
            Database.ModeChanged.class,
                "UPDATE databases_view SET mode = ?, policy_version = policy_version + 1" + GUARD,
            Database.PolicyChanged.class,
                "UPDATE databases_view SET policy_version = policy_version + 1" + GUARD,
            Database.Deleted.class, "UPDATE databases_view SET deleted = TRUE" + GUARD);
    private static final Map<Class<?>, String> KEY_UPDATES =
        Map.of(
            ApiKey.Used.class, "UPDATE api_keys_view SET last_used_at = ?" + GUARD,
            ApiKey.Revoked.class, "UPDATE api_keys_view SET revoked_at = ?" + GUARD);
    // Created is the entity's first event: insert once, never overwrite what later events wrote
    private static final String INSERT_DATABASE =
        "INSERT INTO databases_view (database_id, workspace_id, name, "
            + "dialect, mode, policy_version, created_at, deleted, seq_nr) SELECT ?, ?, ?, ?, ?, 1, ?, FALSE, ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM databases_view WHERE database_id = ?)";
    private static final String INSERT_KEY =
        "INSERT INTO api_keys_view (key_hash, key_id, workspace_id, name, scopes, database_ids, "
            + "created_at, last_used_at, revoked_at, seq_nr) SELECT ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM api_keys_view WHERE key_hash = ?)";

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<Object>> envelopes)
        throws Exception {
      session.withConnection(
          (Connection c) -> {
            Map<String, PreparedStatement> statements = new HashMap<>();
            try {
              for (EventEnvelope<Object> env : envelopes) {
                apply(c, statements, env);
              }
            } finally {
              for (PreparedStatement ps : statements.values()) {
                ps.close();
              }
            }
            return null;
          });
    }

    private static void apply(
        Connection c, Map<String, PreparedStatement> statements, EventEnvelope<Object> env)
        throws SQLException {
      String entityId = PersistenceId.extractEntityId(env.persistenceId());
      long seq = env.sequenceNr();
      Object event = env.event();
      int changed;
      if (event instanceof Database.Created e) {
        PreparedStatement ps = prepare(c, statements, INSERT_DATABASE);
        ps.setString(1, entityId);
        ps.setString(2, e.workspaceId());
        ps.setString(3, e.name());
        ps.setString(4, e.dialect());
        ps.setString(5, e.mode());
        ps.setLong(6, e.createdAt());
        ps.setLong(7, seq);
        ps.setString(8, entityId);
        changed = ps.executeUpdate();
      } else if (event instanceof ApiKey.Created e) {
        PreparedStatement ps = prepare(c, statements, INSERT_KEY);
        ps.setString(1, entityId);
        ps.setString(2, e.keyId());
        ps.setString(3, e.workspaceId());
        ps.setString(4, e.name());
        // null scopes: a key from before scopes, listed with the legacy ones (Scope.LEGACY)
        ps.setString(5, e.scopes() == null ? null : String.join(",", e.scopes()));
        ps.setString(6, e.databaseIds() == null ? null : String.join(",", e.databaseIds()));
        ps.setLong(7, e.createdAt());
        ps.setLong(8, seq);
        ps.setString(9, entityId);
        changed = ps.executeUpdate();
      } else if (event instanceof Database.Event
          && DATABASE_UPDATES.containsKey(event.getClass())) {
        String sql = DATABASE_UPDATES.get(event.getClass());
        Object value =
            event instanceof Database.Renamed r
                ? r.name()
                : event instanceof Database.DialectChanged d
                    ? d.dialect()
                    : event instanceof Database.ModeChanged m
                        ? m.mode()
                        : null; // PolicyChanged, Deleted: nothing but the version or the flag
        changed =
            update(prepare(c, statements, String.format(sql, "database_id")), value, seq, entityId);
      } else if (event instanceof ApiKey.Event && KEY_UPDATES.containsKey(event.getClass())) {
        String sql = KEY_UPDATES.get(event.getClass());
        Object value =
            event instanceof ApiKey.Used u
                ? (Object) u.at()
                : event instanceof ApiKey.Revoked r ? (Object) r.at() : null;
        changed =
            update(prepare(c, statements, String.format(sql, "key_hash")), value, seq, entityId);
      } else {
        LOG.warn(
            "catalog projection: unexpected event {} of {}",
            event.getClass().getName(),
            env.persistenceId());
        return;
      }
      if (changed == 0) {
        // a replay of what the row already holds, or a row whose Created was never tagged
        LOG.debug("catalog projection: {} #{} changed no row", env.persistenceId(), seq);
      }
    }

    private static int update(PreparedStatement ps, Object value, long seq, String entityId)
        throws SQLException {
      int i = 1;
      if (value != null) {
        ps.setObject(i++, value);
      }
      ps.setLong(i++, seq);
      ps.setString(i++, entityId);
      ps.setLong(i, seq);
      return ps.executeUpdate();
    }

    private static PreparedStatement prepare(
        Connection c, Map<String, PreparedStatement> statements, String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = c.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return ps;
    }
  }
}
