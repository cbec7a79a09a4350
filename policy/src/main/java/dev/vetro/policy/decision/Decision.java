package dev.vetro.policy.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.locks.Lock;
import java.util.List;

/**
 * The answer for one request (one SQL string, possibly several statements). The headline fields
 * describe the violation that decided the outcome; {@code violations} lists every rule that fired.
 * In observe mode {@code decision} is never BLOCKED and {@code enforce_decision} says what enforce
 * mode would have done; in enforce mode {@code enforce_decision} is absent. {@code locks} lists the
 * table-level locks the statements take (DDL and maintenance), absent when there are none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
    @JsonProperty("decision") Verdict decision,
    @JsonProperty("rule_code") String ruleCode,
    @JsonProperty("ast_node_path") String astNodePath,
    @JsonProperty("severity") String severity,
    @JsonProperty("message") String message,
    @JsonProperty("suggested_fix") String suggestedFix,
    @JsonProperty("violations") List<Violation> violations,
    @JsonProperty("fingerprint") String fingerprint,
    @JsonProperty("enforce_decision") Verdict enforceDecision,
    @JsonProperty("locks") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Lock> locks) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Decision {
    violations = List.copyOf(violations);
    locks = locks == null ? List.of() : List.copyOf(locks);
  }

  /** A decision about statements that take no table locks (or whose locks nobody asked for). */
  public Decision(
      Verdict decision,
      String ruleCode,
      String astNodePath,
      String severity,
      String message,
      String suggestedFix,
      List<Violation> violations,
      String fingerprint,
      Verdict enforceDecision) {
    this(
        decision,
        ruleCode,
        astNodePath,
        severity,
        message,
        suggestedFix,
        violations,
        fingerprint,
        enforceDecision,
        List.of());
  }

  public boolean blocked() {
    return decision == Verdict.BLOCKED;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Decision is plain data and always serialises", e);
    }
  }
}
