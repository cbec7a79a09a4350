package dev.vetro.policy.cli;

import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.locks.Lock;
import java.util.List;

/**
 * The verdict on one statement of one checked file.
 *
 * @param uri the file as given (relative paths stay relative), "-" for stdin
 * @param preview the statement with every literal redacted, so reports never carry secrets
 * @param ignored rule codes an inline {@code -- vetro:ignore} suppressed
 * @param locks table-level locks the statement takes
 */
record CheckResult(
    String uri,
    int line,
    int column,
    String preview,
    Verdict decision,
    String fingerprint,
    List<Violation> violations,
    List<String> ignored,
    List<Lock> locks) {

  /** The violation that decided the verdict, or null when allowed. */
  Violation headline() {
    Violation best = null;
    for (Violation v : violations) {
      if (v.action() != Verdict.ALLOWED
          && (best == null || v.action().ordinal() > best.action().ordinal())) {
        best = v;
      }
    }
    return best;
  }
}
