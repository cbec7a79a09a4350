package dev.vetro.policy;

import static dev.vetro.policy.Engines.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import org.junit.jupiter.api.Test;

class PolicyTest {

  private static Decision as(String user, String sql, String policyJson) {
    return Engines.ENGINE.evaluate(
        sql, EvalContext.postgres(user), Policy.fromJson(policyJson).compile());
  }

  @Test
  void observeModeNeverBlocksButReportsWhatEnforceWouldDo() {
    Decision d = as("app", "DELETE FROM orders", "{\"mode\": \"observe\"}");
    assertEquals(Verdict.FLAGGED, d.decision());
    assertEquals(Verdict.BLOCKED, d.enforceDecision());
    assertEquals("VETRO-001", d.ruleCode());
  }

  @Test
  void enforceModeOmitsEnforceDecisionFromJson() throws Exception {
    JsonNode j = new ObjectMapper().readTree(Engines.pg("DELETE FROM orders").toJson());
    assertEquals("BLOCKED", j.get("decision").asText());
    assertEquals("VETRO-001", j.get("rule_code").asText());
    assertEquals("DeleteStmt > WhereClause = NULL", j.get("ast_node_path").asText());
    assertEquals("critical", j.get("severity").asText());
    assertEquals("DELETE without WHERE", j.get("message").asText());
    assertTrue(j.get("suggested_fix").asText().contains("WHERE"));
    assertEquals(0, j.get("violations").get(0).get("statement_index").asInt());
    assertEquals(16, j.get("fingerprint").asText().length());
    assertFalse(j.has("enforce_decision"));
  }

  @Test
  void roleExceptionLiftsOnlyTheNamedRulesForOnlyThatUser() {
    String policy = "{\"role_exceptions\": {\"migrator\": [\"VETRO-015..VETRO-025\"]}}";
    assertEquals(
        Verdict.ALLOWED, as("migrator", "ALTER TABLE users DROP COLUMN email", policy).decision());
    assertEquals(
        Verdict.BLOCKED, as("app", "ALTER TABLE users DROP COLUMN email", policy).decision());
    assertEquals(Verdict.BLOCKED, as("migrator", "DROP TABLE users", policy).decision());
  }

  @Test
  void allowlistedFingerprintPassesWithAnyLiterals() {
    String fp = Engines.pg("DELETE FROM sessions").fingerprint();
    String policy = "{\"allowlist\": [\"" + fp + "\"]}";
    assertEquals(Verdict.ALLOWED, as("app", "DELETE FROM sessions", policy).decision());
    assertEquals(Verdict.BLOCKED, as("app", "DELETE FROM orders", policy).decision());
  }

  @Test
  void perRuleOverridesChangeActionOrDisable() {
    assertEquals(
        Verdict.FLAGGED,
        as("app", "TRUNCATE t", "{\"rules\": {\"VETRO-011\": {\"action\": \"flag\"}}}").decision());
    assertEquals(
        Verdict.ALLOWED,
        as("app", "TRUNCATE t", "{\"rules\": {\"VETRO-011\": {\"enabled\": false}}}").decision());
    assertEquals(
        Verdict.FLAGGED,
        as("app", "SELECT id FROM t", "{\"rules\": {\"VETRO-050\": {\"action\": \"flag\"}}}")
            .decision());
    assertEquals(Verdict.ALLOWED, Engines.pg("SELECT id FROM t").decision());
  }

  @Test
  void severityActionsAreConfigurable() {
    assertEquals(
        Verdict.BLOCKED,
        as("app", "SELECT * FROM t", "{\"actions\": {\"medium\": \"block\"}}").decision());
  }

  @Test
  void parseErrorPolicyBlocksUnreadWritesButFlagsProvenReads() {
    String unreadWrite = "UPDATE t SET a = 1 WHERE b = ANY (SELECT FROM u WINDOW w AS ())";
    String unreadRead = "SELECT 'x' FROM t WHERE a @@@ b";
    Decision w = as("app", unreadWrite, "{}");
    assertTrue(fired(w, "VETRO-PARSE-ERROR"), w::toJson);
    assertEquals(Verdict.BLOCKED, w.decision());
    Decision r = as("app", "SELECT 'unterminated", "{}");
    assertEquals(Verdict.BLOCKED, r.decision(), r::toJson);
    assertEquals(
        Verdict.ALLOWED, as("app", unreadWrite, "{\"parse_error\": \"allow\"}").decision());
    Decision read = as("app", unreadRead, "{}");
    assertEquals(Verdict.FLAGGED, read.decision(), read::toJson); // lexer proved it read-only
    assertTrue(fired(read, "VETRO-PARSE-ERROR"));
    assertEquals(Verdict.BLOCKED, as("app", unreadRead, "{\"parse_error\": \"block\"}").decision());
  }

  @Test
  void oversizedQueryIsRejectedBeforeAnalysis() {
    Decision d = as("app", "SELECT '" + "x".repeat(200) + "'", "{\"max_query_bytes\": 100}");
    assertEquals(Verdict.BLOCKED, d.decision());
    assertEquals("VETRO-QUERY-TOO-LARGE", d.ruleCode());
    assertNull(d.fingerprint());
  }

  @Test
  void badPolicyDocumentsFailWithAPreciseMessage() {
    assertTrue(
        assertThrows(PolicyException.class, () -> Policy.fromJson("{\"mode\": \"enforce\""))
            .getMessage()
            .contains("not valid JSON"));
    assertTrue(
        assertThrows(
                PolicyException.class,
                () -> Policy.fromJson("{\"rules\": {\"VETRO-999\": {\"enabled\": true}}}"))
            .getMessage()
            .contains("unknown rule code 'VETRO-999'"));
    assertTrue(
        assertThrows(PolicyException.class, () -> Policy.fromJson("{\"mood\": \"x\"}"))
            .getMessage()
            .contains("unknown policy field 'mood'"));
    assertTrue(
        assertThrows(PolicyException.class, () -> Policy.fromJson("{\"mode\": \"loud\"}"))
            .getMessage()
            .contains("mode must be one of"));
    assertTrue(
        assertThrows(
                PolicyException.class, () -> Policy.fromJson("{\"actions\": {\"high\": \"nuke\"}}"))
            .getMessage()
            .contains("actions.high"));
  }

  @Test
  void policyRoundTripsThroughJson() {
    Policy p = Policy.fromJson("{\"version\": 3, \"mode\": \"observe\", \"allowlist\": [\"ab\"]}");
    assertEquals(p, Policy.fromJson(p.toJson()));
    assertEquals(3, p.compile().version());
  }
}
