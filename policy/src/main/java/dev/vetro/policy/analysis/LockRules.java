package dev.vetro.policy.analysis;

import dev.vetro.policy.locks.Lock;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCodes;
import java.util.Set;

/**
 * The lock rule from the locks a statement takes: ACCESS EXCLUSIVE held while the table is
 * rewritten or scanned is at least flagged (VETRO-106), unless a more specific migration rule
 * already names the same hazard (a column type change, SET NOT NULL, a constraint without NOT VALID
 * …), so one hazard is reported once.
 */
final class LockRules {

  private static final Set<String> SPECIFIC =
      Set.of(
          RuleCodes.ALTER_COLUMN_TYPE,
          RuleCodes.CREATE_INDEX_NOT_CONCURRENTLY,
          RuleCodes.DROP_INDEX_NOT_CONCURRENTLY,
          RuleCodes.ADD_COLUMN_NOT_NULL_NO_DEFAULT,
          RuleCodes.ADD_COLUMN_VOLATILE_DEFAULT,
          RuleCodes.SET_NOT_NULL,
          RuleCodes.CONSTRAINT_WITHOUT_NOT_VALID,
          RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
          RuleCodes.TRUNCATE);

  private LockRules() {}

  static void judge(Exact e) {
    if (e.locks.isEmpty()) {
      return;
    }
    for (Finding f : e.findings) {
      if (SPECIFIC.contains(f.code())) {
        return;
      }
    }
    for (Lock l : e.locks) {
      if (l.longExclusive()) {
        e.finding(
            RuleCodes.EXCLUSIVE_LOCK_REWRITE_OR_SCAN,
            e.kind + " > Lock(ACCESS EXCLUSIVE) > " + (l.rewrites() ? "Rewrite" : "Scan"),
            l.describe());
        return;
      }
    }
  }
}
