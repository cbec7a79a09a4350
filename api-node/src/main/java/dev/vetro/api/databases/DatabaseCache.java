package dev.vetro.api.databases;

import dev.vetro.api.cache.Invalidations;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Database entities' state (owner, dialect, mode, policy version) for the evaluation routes, which
 * would otherwise ask the entity on every request. Every change to a database goes through {@link
 * Databases#changed}, which drops this node's copy before the change is answered and tells the
 * other nodes; a lookup that was in flight across a change is not stored (generation check), so a
 * stale copy cannot come back.
 *
 * <p>The broadcast is not guaranteed: a node that joined moments ago is not yet subscribed (the
 * topic learns its members through the receptionist's gossip), and a partition drops messages. So
 * no copy is served after {@link #MAX_STALE_MILLIS}: the next request asks the entity again. That
 * bounds how long a lost message can matter, for one entity ask per database per node per interval.
 */
public final class DatabaseCache {
  /** Far above any real number of databases; past it the cache starts over rather than grow. */
  static final int MAX_ENTRIES = 50_000;

  /** The oldest copy served when the change's broadcast never arrived. */
  public static final long MAX_STALE_MILLIS = 2_000;

  private record Entry(Database.Info info, long storedAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final LongSupplier clock;

  public DatabaseCache() {
    this(System::currentTimeMillis);
  }

  /** {@code clock}: milliseconds, for tests that step time. */
  DatabaseCache(LongSupplier clock) {
    this.clock = clock;
  }

  /** Wired to {@link Invalidations#listen} by the server: another node changed a database. */
  public void onInvalidation(Invalidations.Invalidation i) {
    if (i instanceof Invalidations.DatabaseChanged d) {
      invalidate(d.databaseId());
    }
  }

  Database.Info get(String id) {
    Entry e = entries.get(id);
    if (e == null) {
      return null;
    }
    if (clock.getAsLong() - e.storedAt() > MAX_STALE_MILLIS) {
      entries.remove(id, e);
      return null;
    }
    return e.info();
  }

  /** Read before asking the entity; pass to {@link #put}. */
  long generation() {
    return generation.get();
  }

  void put(Database.Info info, long generationBeforeAsk) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    Entry e = new Entry(info, clock.getAsLong());
    entries.put(info.id(), e);
    if (generation.get() != generationBeforeAsk) {
      entries.remove(
          info.id(), e); // something changed while we asked: maybe this one; ask again next time
    }
  }

  void invalidate(String id) {
    generation.incrementAndGet();
    entries.remove(id);
  }
}
