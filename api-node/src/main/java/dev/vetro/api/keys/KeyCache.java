package dev.vetro.api.keys;

import dev.vetro.api.cache.Invalidations;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which workspace a key hash belongs to, so an evaluation request does not ask the key's entity
 * every time (two actor round trips per request). Revocation still takes effect at once: the node
 * that revokes marks the hash revoked before it answers, every other node hears it through {@link
 * Invalidations}, and a revoked mark is never overwritten by a lookup that was in flight. Each node
 * also tells the entity about use at most once a second per key, which keeps "last used" fresh and
 * catches a revocation whose broadcast was lost (a node that joined moments ago is not yet
 * subscribed to the topic; a partition drops messages).
 *
 * <p>That check runs only when the key is used and does not hold up the request that triggers it,
 * so a key idle for an hour would still be served once from a stale copy. Hence a bound: a copy the
 * entity has not vouched for within {@link #MAX_STALE_MILLIS} is not served; the request asks the
 * entity. A key in steady use never reaches it, because each report's answer renews the copy.
 */
public final class KeyCache {
  static final long REPORT_USE_MILLIS = 1_000;

  /** Far above any real number of keys; past it the cache starts over rather than grow. */
  static final int MAX_ENTRIES = 100_000;

  /**
   * The oldest vouching served; above {@link #REPORT_USE_MILLIS}, so steady use never waits on the
   * entity.
   */
  public static final long MAX_STALE_MILLIS = 2_000;

  public sealed interface Entry {}

  public static final class Valid implements Entry {
    private final String keyId;
    private final String workspaceId;
    private final Set<Scope> scopes;
    private final Set<String> databaseIds;
    private final long vouchedAt;
    private volatile long lastReported;

    Valid(ApiKey.Info info, long vouchedAt) {
      this.keyId = info.keyId();
      this.workspaceId = info.workspaceId();
      this.scopes = Scope.of(info.scopes());
      this.databaseIds = info.databaseIds() == null ? null : Set.copyOf(info.databaseIds());
      this.vouchedAt = vouchedAt;
      this.lastReported = vouchedAt;
    }

    public Set<Scope> scopes() {
      return scopes;
    }

    /** Null: every database of the workspace. */
    public Set<String> databaseIds() {
      return databaseIds;
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
  private final LongSupplier clock;

  public KeyCache() {
    this(System::currentTimeMillis);
  }

  /** {@code clock}: milliseconds, the same clock callers pass as {@code now}; tests step it. */
  KeyCache(LongSupplier clock) {
    this.clock = clock;
  }

  /** Wired to {@link Invalidations#listen} by the server: another node revoked a key. */
  public void onInvalidation(Invalidations.Invalidation i) {
    if (i instanceof Invalidations.KeyRevoked k) {
      revoked(k.keyHash());
    }
  }

  /** Null when unknown here or when the entity's vouching is too old to trust (ask it again). */
  public Entry get(String keyHash) {
    Entry e = entries.get(keyHash);
    if (e instanceof Valid v && clock.getAsLong() - v.vouchedAt > MAX_STALE_MILLIS) {
      return null;
    }
    return e;
  }

  /**
   * Remembers a key the entity vouched for at {@code now} (when it was asked), renewing an older
   * copy; a revoked mark stays, so a lookup in flight across a revocation cannot bring the key
   * back.
   */
  public void valid(String keyHash, ApiKey.Info info, long now) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(e -> e instanceof Valid);
    }
    entries.merge(
        keyHash,
        new Valid(info, now),
        (old, fresh) -> old instanceof Valid v && v.vouchedAt < now ? fresh : old);
  }

  public void revoked(String keyHash) {
    entries.put(keyHash, REVOKED);
  }

  /** The entity does not know the hash (never created): nothing to remember. */
  public void unknown(String keyHash) {
    entries.computeIfPresent(keyHash, (k, e) -> e instanceof Revoked ? e : null);
  }
}
