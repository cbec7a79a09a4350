package dev.vetro.api.databases;

import dev.vetro.api.cache.Invalidations;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Database entities' state (owner, dialect, mode, policy version) for the evaluation routes, which
 * would otherwise ask the entity on every request. Every change to a database goes through
 * {@link Databases#changed}, which drops this node's copy before the change is answered and tells the
 * other nodes; a lookup that was in flight across a change is not stored (generation check), so a
 * stale copy cannot come back.
 */
public final class DatabaseCache {
    /** Far above any real number of databases; past it the cache starts over rather than grow. */
    static final int MAX_ENTRIES = 50_000;

    private final Map<String, Database.Info> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** Wired to {@link Invalidations#listen} by the server: another node changed a database. */
    public void onInvalidation(Invalidations.Invalidation i) {
        if (i instanceof Invalidations.DatabaseChanged d) {
            invalidate(d.databaseId());
        }
    }

    Database.Info get(String id) {
        return entries.get(id);
    }

    /** Read before asking the entity; pass to {@link #put}. */
    long generation() {
        return generation.get();
    }

    void put(Database.Info info, long generationBeforeAsk) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(info.id(), info);
        if (generation.get() != generationBeforeAsk) {
            entries.remove(info.id()); // something changed while we asked: maybe this one; ask again next time
        }
    }

    void invalidate(String id) {
        generation.incrementAndGet();
        entries.remove(id);
    }
}
