package dev.vetro.proxy.enforce;

import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.rules.Finding;
import dev.vetro.protocol.ErrorResponses;
import dev.vetro.protocol.backend.ErrorFields;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.protocol.startup.StartupMessage;
import dev.vetro.proxy.events.StatementProtocol;
import java.util.Optional;

/**
 * A replication startup (StartupMessage with {@code replication=true|database|…}) opens a
 * walsender: it can stream every table's data and WAL and speaks replication commands the SQL
 * engine cannot read. It is judged as rule VETRO-071 (role escalation), so it is refused unless the
 * policy disables that rule or exempts the user ({@code "role_exceptions": {"replicator":
 * ["VETRO-071"]}}); observe mode lets it through and records it. Refused before any upstream
 * connection, with the FATAL 42501 PostgreSQL itself sends a role without REPLICATION.
 */
public final class ReplicationStartups {
  static final String RULE = "VETRO-071";

  private ReplicationStartups() {}

  /** The FATAL to end the connection with, or empty when the session may start. */
  public static Optional<ErrorResponse> judge(
      StartupMessage startup, SessionFacts facts, Enforcement node) {
    if (!startup.isReplication()) {
      return Optional.empty();
    }
    String mode = startup.parameters().get("replication");
    Decision decision =
        node.judgeFinding(
            Finding.of(RULE, "StartupMessage > Replication = " + mode, "replication connection"),
            facts,
            StatementProtocol.REPLICATION,
            "replication=" + mode);
    if (!decision.blocked()) {
      return Optional.empty();
    }
    return Optional.of(
        BlockedErrors.forDecision(decision)
            .with(ErrorFields.SEVERITY, ErrorResponses.FATAL)
            .with(ErrorFields.SEVERITY_NONLOCALIZED, ErrorResponses.FATAL));
  }
}
