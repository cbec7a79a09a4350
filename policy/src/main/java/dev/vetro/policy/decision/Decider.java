package dev.vetro.policy.decision;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.locks.Lock;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.Rule;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.policy.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns findings into a {@link Decision} under a policy: per-rule action (after enabled flags and
 * role exceptions), the parse-error policy, the worst outcome wins, and observe mode downgrades
 * BLOCKED to FLAGGED while reporting what enforce mode would have done.
 */
public final class Decider {

  /**
   * A finding in its request: which statement, and for parse errors whether the lexer proved it
   * harmless.
   */
  public record Hit(int statementIndex, Finding finding, boolean provenHarmless) {}

  private Decider() {}

  public static Decision decide(
      List<Hit> hits, CompiledPolicy policy, String databaseUser, String fingerprint) {
    return decide(hits, policy, databaseUser, fingerprint, List.of());
  }

  /** As above, reporting the table-level locks the request's statements take. */
  public static Decision decide(
      List<Hit> hits,
      CompiledPolicy policy,
      String databaseUser,
      String fingerprint,
      List<Lock> locks) {
    List<Violation> violations = new ArrayList<>(hits.size());
    Violation head = null;
    Verdict enforce = Verdict.ALLOWED;
    for (Hit h : hits) {
      Optional<Action> action = actionFor(h, policy, databaseUser);
      if (action.isEmpty()) {
        continue;
      }
      Rule rule = RuleCatalog.get(h.finding().code());
      Verdict v = action.get().verdict();
      Violation viol =
          new Violation(
              rule.code(),
              rule.severity().jsonName(),
              h.finding().path(),
              message(rule, h.finding()),
              h.statementIndex(),
              v,
              rule.suggestedFix());
      violations.add(viol);
      if (head == null || outranks(viol, head)) {
        head = viol;
      }
      enforce = enforce.worst(v);
    }
    Verdict shown =
        policy.mode() == CompiledPolicy.Mode.OBSERVE && enforce == Verdict.BLOCKED
            ? Verdict.FLAGGED
            : enforce;
    Verdict enforceField = policy.mode() == CompiledPolicy.Mode.OBSERVE ? enforce : null;
    if (head == null || enforce == Verdict.ALLOWED) {
      return new Decision(
          shown, null, null, null, null, null, violations, fingerprint, enforceField, locks);
    }
    return new Decision(
        shown,
        head.code(),
        head.astNodePath(),
        head.severity(),
        head.message(),
        head.suggestedFix(),
        violations,
        fingerprint,
        enforceField,
        locks);
  }

  private static Optional<Action> actionFor(Hit h, CompiledPolicy policy, String user) {
    String code = h.finding().code();
    if (code.equals(RuleCatalog.PARSE_ERROR)) {
      return Optional.of(
          switch (policy.parseError()) {
            case BLOCK -> Action.BLOCK;
            case ALLOW -> Action.ALLOW;
            case BLOCK_WRITES -> h.provenHarmless() ? Action.FLAG : Action.BLOCK;
          });
    }
    if (code.equals(RuleCatalog.QUERY_TOO_LARGE)) {
      return Optional.of(Action.BLOCK);
    }
    if (code.equals(RuleCatalog.IGNORE_NO_REASON)) {
      return Optional.of(Action.FLAG);
    }
    return policy.actionFor(code, user);
  }

  /** Worse action first, then worse severity; the first of equals stays (statement order). */
  private static boolean outranks(Violation a, Violation b) {
    if (a.action() != b.action()) {
      return a.action().ordinal() > b.action().ordinal();
    }
    Severity sa = a.severityLevel();
    Severity sb = b.severityLevel();
    return sa != Severity.META && (sb == Severity.META || sa.worseThan(sb));
  }

  private static String message(Rule rule, Finding f) {
    return f.detail() == null ? rule.title() : rule.title() + ": " + f.detail();
  }
}
