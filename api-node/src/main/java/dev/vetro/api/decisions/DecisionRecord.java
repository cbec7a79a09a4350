package dev.vetro.api.decisions;

import dev.vetro.api.CborSerializable;
import java.util.List;

/**
 * One judged statement in the history. {@code statement} is the redacted text (literals replaced),
 * so history never stores a password or a credit card number a query carried.
 *
 * @param eventId unique per decision; retries of a batch carry the same ids, the view keys on it
 * @param ts epoch millis when the decision was made
 * @param source {@code api} (evaluation API) or {@code proxy}
 * @param enforceDecision in observe mode, what enforce mode would have decided (else null)
 * @param astNodePath where in the statement the deciding rule matched, when known
 */
public record DecisionRecord(
    String eventId,
    long ts,
    String decision,
    String ruleCode,
    List<String> ruleCodes,
    String severity,
    String message,
    String fingerprint,
    String databaseUser,
    String source,
    String statement,
    String enforceDecision,
    String astNodePath)
    implements CborSerializable {

  public DecisionRecord {
    ruleCodes = ruleCodes == null ? List.of() : List.copyOf(ruleCodes);
  }
}
