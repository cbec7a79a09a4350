package dev.vetro.policy.check;

import dev.vetro.policy.decision.Verdict;
import java.util.List;

/** Every statement of every checked file, in file order then statement order. */
public record CheckReport(int files, List<StatementResult> results) {

  public CheckReport {
    results = List.copyOf(results);
  }

  public int blocked() {
    return count(Verdict.BLOCKED);
  }

  public int flagged() {
    return count(Verdict.FLAGGED);
  }

  /** True when nothing is blocked: the exit code 0 of {@code vetro check}. */
  public boolean passed() {
    return blocked() == 0;
  }

  private int count(Verdict v) {
    return (int) results.stream().filter(r -> r.decision() == v).count();
  }
}
