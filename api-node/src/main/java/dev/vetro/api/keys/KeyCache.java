package dev.vetro.api.keys;

import dev.vetro.api.cache.Invalidations;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which workspace a key hash belongs to, so an evaluation request does not ask the key's entity
 * every time (two actor round trips per request). Revocation still takes effect at once: the node
 * that revokes marks the hash revoked before it answers, every other node hears it through
 * {@link Invalidations}, and a revoked mark is never overwritten by a lookup that was in flight.
 * Each node also tells the entity about use at most once a second per key, which keeps "last
 * used" fresh and would catch a revocation whose broadcast was lost.
 */
public final class KeyCache {
    static final long REPORT_USE_MILLIS = 1_000;
    /** Far above any real number of keys; past it the cache starts over rather than grow. */
    static final int MAX_ENTRIES = 100_000;

    public sealed interface Entry {}

    public static final class Valid implements Entry {
        private final String keyId;
        private final String workspaceId;
        private volatile long lastReported;

        Valid(String keyId, String workspaceId, long lastReported) {
            this.keyId = keyId;
            this.workspaceId = workspaceId;
            this.lastReported = lastReported;
        }

        public String keyId() {
            return keyId;
        }

        public String workspaceId() {
            return workspaceId;
        }

        /** True for the one caller per interval that should report the use to the entity. */
        public boolean claimReport(long now) {
            long last = lastReported;
            if (now - last < REPORT_USE_MILLIS) {
                return false;
            }
            lastReported = now; // a rare double report is harmless
            return true;
        }
    }

    public record Revoked() implements Entry {}

    private static final Revoked REVOKED = new Revoked();

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Wired to {@link Invalidations#listen} by the server: another node revoked a key. */
    public void onInvalidation(Invalidations.Invalidation i) {
        if (i instanceof Invalidations.KeyRevoked k) {
            revoked(k.keyHash());
        }
    }

    public Entry get(String keyHash) {
        return entries.get(keyHash);
    }

    /** Remembers a key the entity just vouched for, unless it was revoked meanwhile. */
    public void valid(String keyHash, String keyId, String workspaceId, long now) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> e instanceof Valid);
        }
        entries.putIfAbsent(keyHash, new Valid(keyId, workspaceId, now));
    }

    public void revoked(String keyHash) {
        entries.put(keyHash, REVOKED);
    }

    /** The entity does not know the hash (never created): nothing to remember. */
    public void unknown(String keyHash) {
        entries.computeIfPresent(keyHash, (k, e) -> e instanceof Revoked ? e : null);
    }
}
