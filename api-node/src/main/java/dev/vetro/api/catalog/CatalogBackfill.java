package dev.vetro.api.catalog;

import dev.vetro.api.databases.Database;
import dev.vetro.api.keys.ApiKey;
import dev.vetro.api.storage.OnceMarker;
import dev.vetro.api.storage.Storage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database and ApiKey events journaled before the catalog projection existed carry no tag, so
 * {@code eventsByTag} would never deliver them and their databases and keys would be missing from
 * the listings. Once per store, before the projection starts, this tags those journal rows (the
 * plugin's {@code event_tag} table is plain SQL; the events themselves are not touched). A marker
 * row in {@code read_side_backfills} makes later starts skip the journal scan.
 *
 * <p>Only events written by a node that tags them (this version on) are tagged at write time: in a
 * rolling upgrade, a Database or ApiKey change made on a node of the previous version after the
 * first new node started is not projected; restarting one node after the upgrade does not help
 * either (the marker is set), so finish the upgrade before changing databases or keys, or delete
 * the marker row to tag again (idempotent; the projection applies an event at most once per row).
 */
public final class CatalogBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogBackfill.class);
  static final String MARKER = "catalog-tags";

  private CatalogBackfill() {}

  /**
   * Tags untagged Database and ApiKey events unless done before; returns how many rows it tagged.
   */
  public static int run(Storage storage) {
    SQLException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return once(storage);
      } catch (SQLException e) {
        // another node backfilling at the same moment: its rows are ours, look again
        last = e;
        LOG.info("catalog backfill attempt {} failed ({}); retrying", attempt, e.getMessage());
      }
    }
    throw new IllegalStateException("catalog backfill failed: " + last.getMessage(), last);
  }

  private static int once(Storage storage) throws SQLException {
    boolean h2 = storage.kind() == Storage.Kind.H2;
    String q = h2 ? "\"" : "";
    String journal = q + "event_journal" + q;
    String tags = q + "event_tag" + q;
    String ordering = q + "ordering" + q;
    String pid = q + "persistence_id" + q;
    String eventId = q + "event_id" + q;
    String tag = q + "tag" + q;
    String insert =
        "INSERT INTO "
            + tags
            + " ("
            + eventId
            + ", "
            + tag
            + ") SELECT j."
            + ordering
            + ", ? FROM "
            + journal
            + " j WHERE (j."
            + pid
            + " LIKE ? OR j."
            + pid
            + " LIKE ?) AND NOT EXISTS (SELECT 1 FROM "
            + tags
            + " t WHERE t."
            + eventId
            + " = j."
            + ordering
            + " AND t."
            + tag
            + " = ?)";
    long tagged =
        OnceMarker.run(
            storage,
            MARKER,
            c -> {
              try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, CatalogProjection.TAG);
                ps.setString(2, Database.ENTITY_KEY.name() + "|%");
                ps.setString(3, ApiKey.ENTITY_KEY.name() + "|%");
                ps.setString(4, CatalogProjection.TAG);
                return ps.executeUpdate();
              }
            });
    if (tagged > 0) {
      LOG.info(
          "catalog backfill: tagged {} Database/ApiKey events journaled before the catalog projection",
          tagged);
    }
    return (int) tagged;
  }
}
