package dev.vetro.proxy.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Violation;

/**
 * The one JSON shape of a decision event, for both the JSON-lines log and the control plane's
 * ingest ({@code POST proxy/events} reads {@code event_id, ts, decision, rule_code, rule_codes,
 * severity, message, fingerprint, database_user, statement} and ignores the rest), so a log file
 * can be replayed into the API as it is.
 */
public final class EventJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  public static ObjectNode toJson(DecisionEvent e, String eventId) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("event_id", eventId);
    o.put("ts", e.at().toString());
    Decision d = e.decision();
    o.put("decision", d.decision().name());
    if (d.enforceDecision() != null) {
      o.put("enforce_decision", d.enforceDecision().name());
    }
    o.put("rule_code", d.ruleCode());
    ArrayNode codes = o.putArray("rule_codes");
    for (Violation v : d.violations()) {
      codes.add(v.code());
    }
    o.put("severity", d.severity());
    o.put("message", d.message());
    o.put("ast_node_path", d.astNodePath());
    o.put("fingerprint", e.fingerprint() != null ? e.fingerprint() : d.fingerprint());
    // redacted again here, off the hot path: whatever the caller passed, no literal is written
    o.put("statement", DecisionEvent.redact(e.redactedSql(), true));
    o.put("database_id", e.databaseId());
    o.put("session_id", e.sessionId());
    o.put("database_user", e.databaseUser());
    o.put("database", e.database());
    o.put("application_name", e.applicationName());
    o.put("client_address", e.clientAddress());
    o.put("protocol", e.protocol().label());
    o.put("policy_version", e.policyVersion());
    return o;
  }
}
