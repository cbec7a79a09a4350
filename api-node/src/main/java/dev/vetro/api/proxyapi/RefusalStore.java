package dev.vetro.api.proxyapi;

import dev.vetro.api.ApiContext;
import dev.vetro.api.accounts.Caller;
import dev.vetro.api.keys.ApiKey;
import dev.vetro.api.keys.KeyMaterial;
import dev.vetro.api.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proxy calls refused because the key was revoked, per (database, key). A refused proxy cannot send
 * heartbeats any more, so without this the dashboard would show it "online" until its last
 * heartbeat ages out, and the user who revoked the key would not see that the proxy is now locked
 * out. Only keys the workspace really had are noted (the key's entity names its workspace, and the
 * database must belong to it), so a stranger cannot write rows here with made-up keys.
 */
public final class RefusalStore {
  /** A proxy retries every few seconds: note it at most this often per (database, key). */
  static final long NOTE_EVERY_MILLIS = 1_000;

  private static final int MAX_THROTTLE_ENTRIES = 10_000;

  public record Refusal(String databaseId, String keyId, long lastRefused, String reason) {}

  private final ApiContext ctx;
  private final Storage storage;
  private final Map<String, Long> lastNoted = new ConcurrentHashMap<>();
  private final String upsert;

  public RefusalStore(ApiContext ctx) {
    this.ctx = ctx;
    this.storage = ctx.storage();
    String cols = "(database_id, key_id, workspace_id, last_refused, reason)";
    this.upsert =
        storage.kind() == Storage.Kind.H2
            ? "MERGE INTO proxy_refusals "
                + cols
                + " KEY (database_id, key_id) VALUES (?, ?, ?, ?, ?)"
            : "INSERT INTO proxy_refusals "
                + cols
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (database_id, key_id) DO UPDATE SET "
                + "workspace_id = EXCLUDED.workspace_id, last_refused = EXCLUDED.last_refused, "
                + "reason = EXCLUDED.reason";
  }

  /**
   * Called after a proxy call with {@code authorization} was refused; notes it when the key is a
   * revoked key of the database's workspace. Not awaited: the refusal answer never waits on this.
   */
  public void noteRefused(Optional<String> authorization, String databaseId) {
    if (authorization.isEmpty() || databaseId == null || databaseId.length() > 64) {
      return;
    }
    String h = authorization.get().trim();
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return;
    }
    String key = h.substring(7).trim();
    if (!KeyMaterial.looksLikeKey(key)) {
      return;
    }
    String hash = KeyMaterial.sha256Hex(key);
    long now = System.currentTimeMillis();
    String throttleKey = hash + "/" + databaseId;
    Long last = lastNoted.get(throttleKey);
    if (last != null && now - last < NOTE_EVERY_MILLIS) {
      return;
    }
    if (lastNoted.size() > MAX_THROTTLE_ENTRIES) {
      lastNoted.clear();
    }
    lastNoted.put(throttleKey, now);
    ctx.entities()
        .<ApiKey.Command, ApiKey.Reply>ask(ApiKey.ENTITY_KEY, hash, ApiKey.Get::new)
        .thenCompose(
            reply -> {
              if (!(reply instanceof ApiKey.Info info) || !info.revoked()) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
              }
              return ctx.databases()
                  .owned(
                      new Caller.Key(
                          info.keyId(),
                          info.workspaceId(),
                          hash,
                          java.util.Set.of(),
                          info.databaseIds() == null
                              ? null
                              : java.util.Set.copyOf(info.databaseIds())),
                      databaseId)
                  .thenApplyAsync(
                      db -> {
                        record(db.id(), info.keyId(), db.workspaceId(), now, "API key revoked");
                        return null;
                      },
                      ctx.blocking());
            })
        .exceptionally(e -> null); // another workspace's database, or gone: nothing to note
  }

  void record(String databaseId, String keyId, String workspaceId, long at, String reason) {
    try (Connection c = storage.connection();
        PreparedStatement ps = c.prepareStatement(upsert)) {
      ps.setString(1, databaseId);
      ps.setString(2, keyId);
      ps.setString(3, workspaceId);
      ps.setLong(4, at);
      ps.setString(5, reason);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("refusal not stored: " + e.getMessage(), e);
    }
  }

  /** Refusals of this database since {@code sinceMillis}, newest first. */
  public List<Refusal> forDatabase(String databaseId, long sinceMillis) {
    try (Connection c = storage.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT database_id, key_id, last_refused, reason FROM proxy_refusals "
                    + "WHERE database_id = ? AND last_refused >= ? ORDER BY last_refused DESC")) {
      ps.setString(1, databaseId);
      ps.setLong(2, sinceMillis);
      List<Refusal> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Refusal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("refusals not readable: " + e.getMessage(), e);
    }
  }
}
