package dev.vetro.policy.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The answer for one request (one SQL string, possibly several statements). The headline fields
 * describe the violation that decided the outcome; {@code violations} lists every rule that fired.
 * In observe mode {@code decision} is never BLOCKED and {@code enforce_decision} says what enforce
 * mode would have done; in enforce mode {@code enforce_decision} is absent.
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
    @JsonProperty("enforce_decision") Verdict enforceDecision) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Decision {
    violations = List.copyOf(violations);
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
