package dev.vetro.api.decisions;

import dev.vetro.api.storage.PooledJdbcSession;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Read side of the decision history: every recorded batch becomes rows of the {@code decisions}
 * table (so listings and filters are SQL, not replays), then goes to the live stream. Offsets are
 * committed in the same transaction as the rows; the insert also ignores known event ids, so a
 * batch the proxy sent twice under two batch ids still lists once. The per-minute chart counts
 * ({@link DecisionMinutes}) are added in that transaction for the rows the insert reports as new,
 * so they cannot count a decision twice either.
 */
public final class DecisionProjection {

  private DecisionProjection() {}

  public static void init(
      ActorSystem<?> system,
      Storage storage,
      LiveDecisions live,
      dev.vetro.api.ops.Metrics metrics) {
    SourceProvider<Offset, EventEnvelope<DecisionLog.Event>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), DecisionLog.TAG);
    GroupedProjection<Offset, EventEnvelope<DecisionLog.Event>> projection =
        JdbcProjection.groupedWithin(
                ProjectionId.of("decisions", DecisionLog.TAG),
                source,
                () -> new PooledJdbcSession(storage),
                () -> new Handler(storage.kind(), live, metrics),
                system)
            .withGroup(200, Duration.ofMillis(100));
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "decisions-projection",
            1,
            i -> ProjectionBehavior.create(projection),
            ProjectionBehavior.stopMessage());
  }

  /** Subclassed, not {@code fromFunction}: the function form cannot throw SQLException. */
  static final class Handler
      extends JdbcHandler<List<EventEnvelope<DecisionLog.Event>>, PooledJdbcSession> {
    private final Storage.Kind kind;
    private final String insert;
    private final LiveDecisions live;
    private final dev.vetro.api.ops.Metrics metrics;

    Handler(Storage.Kind kind, LiveDecisions live, dev.vetro.api.ops.Metrics metrics) {
      this.live = live;
      this.metrics = metrics;
      String cols =
          "(event_id, workspace_id, database_id, bucket, ts, decision, rule_code, rule_codes, severity, "
              + "message, fingerprint, database_user, source, statement, enforce_decision, ast_node_path)";
      String values = " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      this.kind = kind;
      // both forms report 0 for an event id already there (H2's MERGE ... KEY would report 1)
      this.insert =
          kind == Storage.Kind.H2
              ? "MERGE INTO decisions d USING (VALUES (CAST(? AS VARCHAR(80)),"
                  + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(128)),"
                  + " CAST(? AS BIGINT), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(64)),"
                  + " CAST(? AS VARCHAR(2000)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(2000)),"
                  + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(256)), CAST(? AS VARCHAR(16)),"
                  + " CAST(? AS VARCHAR(4000)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(500))))"
                  + " s"
                  + cols
                  + " ON d.event_id = s.event_id WHEN NOT MATCHED THEN INSERT "
                  + cols
                  + " VALUES (s.event_id, s.workspace_id, s.database_id, s.bucket, s.ts,"
                  + " s.decision, s.rule_code, s.rule_codes, s.severity, s.message,"
                  + " s.fingerprint, s.database_user, s.source, s.statement,"
                  + " s.enforce_decision, s.ast_node_path)"
              : "INSERT INTO decisions " + cols + values + " ON CONFLICT (event_id) DO NOTHING";
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<DecisionLog.Event>> envelopes)
        throws Exception {
      List<DecisionLog.BatchRecorded> batches = new ArrayList<>();
      for (EventEnvelope<DecisionLog.Event> env : envelopes) {
        if (env.event() instanceof DecisionLog.BatchRecorded b) {
          batches.add(b);
        }
      }
      List<DecisionRow> rows =
          session.withConnection((Connection c) -> write(c, kind, insert, batches));
      // after the rows are written (commit follows): a live viewer may then list them
      rows.forEach(live::publish);
      long now = System.currentTimeMillis();
      for (EventEnvelope<DecisionLog.Event> env : envelopes) {
        // journal write to view row: how far listings trail the journal
        metrics.observe(
            "vetro_api_projection_lag_seconds",
            "Time from journal write to decision view row",
            Math.max(0, now - env.timestamp()) / 1000.0);
      }
    }

    /**
     * Inserts the decisions of {@code batches} and adds the new ones to the minute counts, on the
     * projection's connection (its transaction); returns every decision, for the live stream.
     */
    static List<DecisionRow> write(
        Connection c, Storage.Kind kind, String insert, List<DecisionLog.BatchRecorded> batches)
        throws java.sql.SQLException {
      List<DecisionRow> rows = new ArrayList<>();
      List<DecisionMinutes.Inserted> counted = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        for (DecisionLog.BatchRecorded b : batches) {
          for (DecisionRecord r : b.decisions()) {
            bind(ps, b, r);
            ps.addBatch();
            rows.add(DecisionRow.of(b.workspaceId(), b.databaseId(), r));
          }
        }
        int[] inserted = ps.executeBatch();
        int i = 0;
        for (DecisionLog.BatchRecorded b : batches) {
          for (DecisionRecord r : b.decisions()) {
            int n = inserted[i++];
            if (n < 0) {
              // e.g. a driver rewriting batches: without per-row counts, counting could double
              throw new IllegalStateException("the insert gave no per-row update count: " + n);
            }
            if (n > 0) {
              counted.add(
                  new DecisionMinutes.Inserted(
                      b.workspaceId(),
                      b.databaseId(),
                      b.bucket(),
                      r.ts(),
                      r.decision(),
                      r.ruleCode(),
                      r.fingerprint(),
                      clip(r.statement(), 4000)));
            }
          }
        }
      }
      DecisionMinutes.add(c, kind, counted);
      return rows;
    }

    static String insertSql(Storage.Kind kind) {
      return new Handler(kind, null, null).insert;
    }

    private static void bind(PreparedStatement ps, DecisionLog.BatchRecorded b, DecisionRecord r)
        throws java.sql.SQLException {
      ps.setString(1, r.eventId());
      ps.setString(2, b.workspaceId());
      ps.setString(3, b.databaseId());
      ps.setString(4, b.bucket());
      ps.setLong(5, r.ts());
      ps.setString(6, r.decision());
      ps.setString(7, r.ruleCode());
      ps.setString(8, r.ruleCodes().isEmpty() ? null : "," + String.join(",", r.ruleCodes()) + ",");
      ps.setString(9, r.severity());
      ps.setString(10, clip(r.message(), 2000));
      ps.setString(11, r.fingerprint());
      ps.setString(12, clip(r.databaseUser(), 256));
      ps.setString(13, r.source());
      ps.setString(14, clip(r.statement(), 4000));
      ps.setString(15, r.enforceDecision());
      ps.setString(16, clip(r.astNodePath(), 500));
    }

    private static String clip(String s, int max) {
      return s == null || s.length() <= max ? s : s.substring(0, max);
    }
  }
}
