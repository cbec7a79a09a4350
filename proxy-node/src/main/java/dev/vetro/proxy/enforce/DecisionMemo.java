package dev.vetro.proxy.enforce;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.rules.RuleCatalog;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decisions by exact request text, in front of the engine. The engine's own cache is keyed by
 * fingerprint but still lexes every request; drivers that prepare (extended protocol, pgbench
 * {@code -M extended}, ORMs) send the same text again and again, and for them one hash lookup
 * replaces the lexer. Exact text plus everything else the decision depends on is the key, so a hit
 * is always the decision the engine would give; the policy is compared by identity, so a new policy
 * never sees an old decision.
 *
 * <p>Bounded crudely on purpose: when full it is emptied, which costs one engine call per text and
 * keeps the hot path free of eviction bookkeeping. A text is admitted only the second time it is
 * seen (a door-keeper of hashes): with literals inlined (simple protocol, {@code pgbench -S -M
 * simple}) nearly every text is new, and admitting each one filled and emptied the memo every 8,192
 * statements for nothing but garbage.
 */
final class DecisionMemo {
  static final int MAX_ENTRIES = 8192;

  /** Longer texts are rarely repeated verbatim and would make the memo's memory unpredictable. */
  static final int MAX_SQL_CHARS = 2048;

  record Key(
      String sql,
      CompiledPolicy policy,
      String databaseUser,
      boolean standardConformingStrings,
      boolean inTransactionBlock) {}

  private static final int DOORKEEPER_SLOTS = 1 << 14;

  private final ConcurrentHashMap<Key, Decision> decisions = new ConcurrentHashMap<>();

  /** Hashes of texts seen once; racy on purpose: a lost write only delays an admission. */
  private final int[] seenOnce = new int[DOORKEEPER_SLOTS];

  static boolean memoizable(String sql) {
    return sql.length() <= MAX_SQL_CHARS;
  }

  Decision get(Key key) {
    return decisions.get(key);
  }

  void put(Key key, Decision decision) {
    // A parse that ran out of its time budget may succeed next time: not a stable answer.
    for (var v : decision.violations()) {
      if (RuleCatalog.PARSE_ERROR.equals(v.code())) {
        return;
      }
    }
    if (!seenBefore(key.sql())) {
      return;
    }
    if (decisions.size() >= MAX_ENTRIES) {
      decisions.clear();
    }
    decisions.put(key, decision);
  }

  private boolean seenBefore(String sql) {
    int hash = sql.hashCode() | 1; // never 0, the empty slot
    int slot = (hash ^ (hash >>> 16)) & (DOORKEEPER_SLOTS - 1);
    if (seenOnce[slot] == hash) {
      return true;
    }
    seenOnce[slot] = hash;
    return false;
  }

  int size() {
    return decisions.size();
  }
}
