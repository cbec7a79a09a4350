package dev.vetro.api.databases;

import dev.vetro.api.http.PlainFutures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A database's change history ({@code GET databases/{id}/history}): who created it, and who changed
 * its policy, mode, dialect or name, and when, with the policy version each change produced. Read
 * from the entity's own journal events, which carry who made them ({@code user:<email>} or {@code
 * key:<id>}); nothing else has to be kept in step. Events from before changes recorded their maker
 * show {@code "by": null}.
 */
public final class DatabaseHistory {
  /** A database changed more often than this shows its newest changes. */
  static final int MAX_ENTRIES = 1_000;

  private final ActorSystem<?> system;
  private final JdbcReadJournal journal;

  public DatabaseHistory(ActorSystem<?> system) {
    this.system = system;
    this.journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  public CompletionStage<Map<String, Object>> of(String databaseId) {
    String pid = PersistenceId.of(Database.ENTITY_KEY.name(), databaseId).id();
    return PlainFutures.of(
            journal
                .currentEventsByPersistenceId(pid, 0L, Long.MAX_VALUE)
                .runWith(Sink.seq(), system))
        .thenApply(
            envelopes -> {
              List<Map<String, Object>> entries = entries(envelopes);
              int from = Math.max(0, entries.size() - MAX_ENTRIES);
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("database_id", databaseId);
              body.put("history", entries.subList(from, entries.size()));
              return body;
            });
  }

  static List<Map<String, Object>> entries(List<EventEnvelope> envelopes) {
    List<Map<String, Object>> out = new ArrayList<>();
    long version = 0;
    for (EventEnvelope env : envelopes) {
      Object e = env.event();
      Map<String, Object> m = new LinkedHashMap<>();
      if (e instanceof Database.Created c) {
        version = 1;
        put(m, "created", c.by(), c.createdAt());
        m.put("name", c.name());
        m.put("dialect", c.dialect());
        m.put("mode", c.mode());
      } else if (e instanceof Database.PolicyChanged p) {
        version++;
        put(m, "policy", p.by(), p.at());
      } else if (e instanceof Database.ModeChanged mc) {
        version++;
        put(m, "mode", mc.by(), mc.at());
        m.put("mode", mc.mode());
      } else if (e instanceof Database.DialectChanged d) {
        version++;
        put(m, "dialect", d.by(), d.at());
        m.put("dialect", d.dialect());
      } else if (e instanceof Database.Renamed r) {
        put(m, "name", r.by(), r.at());
        m.put("name", r.name());
      } else if (e instanceof Database.Deleted d) {
        put(m, "deleted", d.by(), d.at());
      } else {
        continue;
      }
      m.put("policy_version", version);
      out.add(m);
    }
    return out;
  }

  private static void put(Map<String, Object> m, String change, String by, long at) {
    m.put("change", change);
    m.put("by", by);
    m.put("at", at == 0 ? null : Instant.ofEpochMilli(at).toString());
  }
}
