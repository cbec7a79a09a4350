package dev.vetro.api.decisions;

import dev.vetro.api.CborSerializable;
import java.util.List;

/** A decision as the dashboard reads it (listing, live stream). Serialised snake_case over HTTP. */
public record DecisionRow(
    String eventId,
    String workspaceId,
    String databaseId,
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

  static DecisionRow of(String workspaceId, String databaseId, DecisionRecord r) {
    return new DecisionRow(
        r.eventId(),
        workspaceId,
        databaseId,
        r.ts(),
        r.decision(),
        r.ruleCode(),
        r.ruleCodes(),
        r.severity(),
        r.message(),
        r.fingerprint(),
        r.databaseUser(),
        r.source(),
        r.statement(),
        r.enforceDecision(),
        r.astNodePath());
  }
}
