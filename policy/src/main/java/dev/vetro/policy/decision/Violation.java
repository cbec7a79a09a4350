package dev.vetro.policy.decision;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vetro.policy.rules.Severity;

/**
 * A rule that fired, with what the policy made of it.
 *
 * @param statementIndex 0-based index of the statement in the request; -1 for request-level rules
 */
public record Violation(
    @JsonProperty("code") String code,
    @JsonProperty("severity") String severity,
    @JsonProperty("ast_node_path") String astNodePath,
    @JsonProperty("message") String message,
    @JsonProperty("statement_index") int statementIndex,
    @JsonProperty("action") Verdict action,
    @JsonProperty("suggested_fix") String suggestedFix) {

  public Severity severityLevel() {
    return Severity.valueOf(severity.toUpperCase(java.util.Locale.ROOT));
  }
}
