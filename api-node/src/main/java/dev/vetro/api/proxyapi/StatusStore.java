package dev.vetro.api.proxyapi;

import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Latest heartbeat per (database, proxy node). Heartbeats are state, not history: an upsert in a
 * view table instead of a journal event every few seconds per proxy, and still survives a restart.
 */
public final class StatusStore {

  public record Heartbeat(
      String databaseId,
      String nodeId,
      String workspaceId,
      long lastSeen,
      String version,
      boolean upstreamReachable,
      Long policyVersion) {}

  private final Storage storage;
  private final String upsert;

  public StatusStore(Storage storage) {
    this.storage = storage;
    String cols =
        "(database_id, node_id, workspace_id, last_seen, version, upstream_reachable, policy_version)";
    this.upsert =
        storage.kind() == Storage.Kind.H2
            ? "MERGE INTO proxy_status "
                + cols
                + " KEY (database_id, node_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
            : "INSERT INTO proxy_status "
                + cols
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (database_id, node_id) "
                + "DO UPDATE SET workspace_id = EXCLUDED.workspace_id, last_seen = EXCLUDED.last_seen, "
                + "version = EXCLUDED.version, upstream_reachable = EXCLUDED.upstream_reachable, "
                + "policy_version = EXCLUDED.policy_version";
  }

  public void record(Heartbeat h) {
    try (Connection c = storage.connection();
        PreparedStatement ps = c.prepareStatement(upsert)) {
      ps.setString(1, h.databaseId());
      ps.setString(2, h.nodeId());
      ps.setString(3, h.workspaceId());
      ps.setLong(4, h.lastSeen());
      ps.setString(5, h.version());
      ps.setBoolean(6, h.upstreamReachable());
      ps.setObject(7, h.policyVersion());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("heartbeat not stored: " + e.getMessage(), e);
    }
  }

  public List<Heartbeat> forDatabase(String databaseId) {
    try (Connection c = storage.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT database_id, node_id, workspace_id, last_seen, version, upstream_reachable, policy_version "
                    + "FROM proxy_status WHERE database_id = ? ORDER BY last_seen DESC")) {
      ps.setString(1, databaseId);
      List<Heartbeat> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long pv = rs.getLong(7);
          out.add(
              new Heartbeat(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getString(5),
                  rs.getBoolean(6),
                  rs.wasNull() ? null : pv));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("status not readable: " + e.getMessage(), e);
    }
  }
}
