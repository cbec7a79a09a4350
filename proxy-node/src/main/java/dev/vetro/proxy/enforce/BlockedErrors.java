package dev.vetro.proxy.enforce;

import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.policy.decision.Decision;

/**
 * The error a client gets for a blocked statement: what PostgreSQL itself sends for a missing
 * privilege (severity ERROR, SQLSTATE 42501 insufficient_privilege), so drivers, ORMs and retry
 * logic treat it as an ordinary, non-retryable SQL error.
 */
public final class BlockedErrors {
  public static final String SEVERITY = "ERROR";
  public static final String INSUFFICIENT_PRIVILEGE = "42501";

  private BlockedErrors() {}

  /** {@code blocked by VETRO-001: DELETE without WHERE}, the node path as detail, the fix as hint. */
  public static ErrorResponse forDecision(Decision decision) {
    String code = decision.ruleCode() == null ? "VETRO" : decision.ruleCode();
    String message = decision.message() == null ? "statement not allowed by policy" : decision.message();
    ErrorResponse error = ErrorResponse.of(SEVERITY, INSUFFICIENT_PRIVILEGE, "blocked by " + code + ": " + message);
    if (decision.astNodePath() != null) {
      error = error.withDetail("Vetro rule " + code + " matched at " + decision.astNodePath() + ".");
    }
    if (decision.suggestedFix() != null) {
      error = error.withHint(decision.suggestedFix());
    }
    return error;
  }

  /**
   * For a sentinel error the proxy cannot match to a decision any more. It should not happen; if
   * it does, the client still must never see the sentinel's syntax error.
   */
  public static ErrorResponse unmatched() {
    return ErrorResponse.of(SEVERITY, INSUFFICIENT_PRIVILEGE, "blocked by Vetro: statement not allowed by policy");
  }
}
