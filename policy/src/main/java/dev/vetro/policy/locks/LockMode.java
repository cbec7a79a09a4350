package dev.vetro.policy.locks;

import java.util.List;

/** PostgreSQL's table-level lock modes, weakest first (explicit-locking chapter of the docs). */
public enum LockMode {
  ACCESS_SHARE,
  ROW_SHARE,
  ROW_EXCLUSIVE,
  SHARE_UPDATE_EXCLUSIVE,
  SHARE,
  SHARE_ROW_EXCLUSIVE,
  EXCLUSIVE,
  ACCESS_EXCLUSIVE;

  /** The mode as SQL spells it: {@code ACCESS EXCLUSIVE}. */
  public String sql() {
    return name().replace('_', ' ');
  }

  /**
   * What ordinary traffic this mode makes wait: ACCESS EXCLUSIVE conflicts with every mode (even
   * SELECT's ACCESS SHARE); SHARE and stronger conflict with ROW EXCLUSIVE (INSERT/UPDATE/DELETE);
   * weaker modes only with other DDL and maintenance.
   */
  public List<String> blocks() {
    if (this == ACCESS_EXCLUSIVE) {
      return List.of("reads", "writes");
    }
    return ordinal() >= SHARE.ordinal() ? List.of("writes") : List.of();
  }

  /** Parses {@code ACCESS EXCLUSIVE} and the like; null when not a lock mode. */
  public static LockMode parse(String words) {
    try {
      return valueOf(words.trim().replaceAll("\\s+", "_").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public LockMode max(LockMode other) {
    return other != null && other.ordinal() > ordinal() ? other : this;
  }
}
