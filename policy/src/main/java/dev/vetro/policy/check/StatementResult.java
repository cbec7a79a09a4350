package dev.vetro.policy.check;

import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.locks.Lock;
import java.util.List;

/**
 * The verdict on one statement of one checked file, after inline ignores.
 *
 * @param path the file as given in {@link CheckInput#path()}
 * @param line 1-based line of the statement's first token
 * @param column 1-based column of the statement's first token
 * @param preview the statement with every literal redacted, so reports never carry secrets
 * @param decision the worst action among {@code violations} (never BLOCKED in observe mode)
 * @param fingerprint the statement's fingerprint (hex), stable when only literals change
 * @param violations the rules that fired and were not ignored
 * @param ignored rule codes an inline {@code -- vetro:ignore CODE reason} suppressed
 * @param locks the table-level locks the statement takes (empty for most DML)
 */
public record StatementResult(
    String path,
    int line,
    int column,
    String preview,
    Verdict decision,
    String fingerprint,
    List<Violation> violations,
    List<String> ignored,
    List<Lock> locks) {

  public StatementResult {
    violations = List.copyOf(violations);
    ignored = List.copyOf(ignored);
    locks = List.copyOf(locks);
  }

  /** The violation that decided the verdict (the first of the worst action), or null. */
  public Violation headline() {
    Violation best = null;
    for (Violation v : violations) {
      if (v.action() != Verdict.ALLOWED
          && (best == null || v.action().ordinal() > best.action().ordinal())) {
        best = v;
      }
    }
    return best;
  }

  /** The violations a report lists: every one that was not merely allowed. */
  public List<Violation> reported() {
    return violations.stream().filter(v -> v.action() != Verdict.ALLOWED).toList();
  }
}
