package dev.vetro.api.decisions;

import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decision listings as SQL over the projected {@code decisions} table, newest first. */
public final class DecisionQueries {

  public record Page(List<DecisionRow> decisions, String nextCursor) {}

  private final Storage storage;

  public DecisionQueries(Storage storage) {
    this.storage = storage;
  }

  public Page list(String workspaceId, String databaseId, DecisionFilter f) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT event_id, workspace_id, database_id, ts, decision, rule_code, "
                + "rule_codes, severity, message, fingerprint, database_user, source, statement, "
                + "enforce_decision, ast_node_path FROM decisions "
                + "WHERE workspace_id = ? AND database_id = ?");
    List<Object> args = new ArrayList<>(List.of(workspaceId, databaseId));
    f.from()
        .ifPresent(
            v -> {
              sql.append(" AND ts >= ?");
              args.add(v);
            });
    f.to()
        .ifPresent(
            v -> {
              sql.append(" AND ts < ?");
              args.add(v);
            });
    f.decision()
        .ifPresent(
            v -> {
              sql.append(" AND decision = ?");
              args.add(v);
            });
    // rule codes are validated to [A-Z0-9-], so they carry no LIKE wildcards
    f.rule()
        .ifPresent(
            v -> {
              sql.append(" AND (rule_code = ? OR rule_codes LIKE ?)");
              args.add(v);
              args.add("%," + v + ",%");
            });
    f.databaseUser()
        .ifPresent(
            v -> {
              sql.append(" AND database_user = ?");
              args.add(v);
            });
    f.fingerprint()
        .ifPresent(
            v -> {
              sql.append(" AND fingerprint = ?");
              args.add(v);
            });
    f.cursor()
        .ifPresent(
            c -> {
              // same rows as "ts < c OR (ts = c AND id < c)"; the "ts <= c" bound starts the
              // index scan at the cursor instead of walking down from the newest row
              sql.append(" AND ts <= ? AND (ts < ? OR event_id < ?)");
              args.add(c.ts());
              args.add(c.ts());
              args.add(c.eventId());
            });
    // database_id (fixed by the WHERE) leads the ORDER BY so that H2 reads the page off the
    // (database_id, ts DESC, event_id DESC) index and stops after limit + 1 rows; without it H2
    // sorts every decision of the database (PostgreSQL scans its ascending index backwards)
    sql.append(" ORDER BY database_id, ts DESC, event_id DESC LIMIT ?");
    args.add(f.limit() + 1); // one more tells whether another page exists
    try (Connection c = storage.connection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<DecisionRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      String next = null;
      if (rows.size() > f.limit()) {
        rows = rows.subList(0, f.limit());
        DecisionRow last = rows.get(rows.size() - 1);
        next = new DecisionFilter.Cursor(last.ts(), last.eventId()).encode();
      }
      return new Page(List.copyOf(rows), next);
    } catch (SQLException e) {
      throw new IllegalStateException("decision listing failed: " + e.getMessage(), e);
    }
  }

  private static DecisionRow row(ResultSet rs) throws SQLException {
    String codes = rs.getString("rule_codes");
    List<String> ruleCodes =
        codes == null
            ? List.of()
            : Arrays.stream(codes.split(",")).filter(s -> !s.isEmpty()).toList();
    return new DecisionRow(
        rs.getString("event_id"),
        rs.getString("workspace_id"),
        rs.getString("database_id"),
        rs.getLong("ts"),
        rs.getString("decision"),
        rs.getString("rule_code"),
        ruleCodes,
        rs.getString("severity"),
        rs.getString("message"),
        rs.getString("fingerprint"),
        rs.getString("database_user"),
        rs.getString("source"),
        rs.getString("statement"),
        rs.getString("enforce_decision"),
        rs.getString("ast_node_path"));
  }
}
