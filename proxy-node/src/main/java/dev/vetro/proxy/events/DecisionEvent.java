package dev.vetro.proxy.events;

import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.Redactor;
import java.time.Instant;

/**
 * One judged request as it leaves the node. {@code redactedSql} must already be redacted by the
 * engine's redactor ({@link #redact}): raw literals (passwords, personal data) never leave the hot
 * path. The sender redacts once more before anything is written, as a second line of defence.
 *
 * @param protocol how the request reached the proxy
 */
public record DecisionEvent(
    Instant at,
    String databaseId,
    String sessionId,
    String databaseUser,
    String database,
    String applicationName,
    String clientAddress,
    StatementProtocol protocol,
    String redactedSql,
    String fingerprint,
    Decision decision,
    long policyVersion) {

  public DecisionEvent withRedactedSql(String sql) {
    return new DecisionEvent(
        at,
        databaseId,
        sessionId,
        databaseUser,
        database,
        applicationName,
        clientAddress,
        protocol,
        sql,
        fingerprint,
        decision,
        policyVersion);
  }

  /**
   * The engine's redaction (every literal becomes {@code '?'} or {@code ?}, comments go), lexed as
   * the session's server does: {@code standard_conforming_strings} decides where a string ends.
   */
  public static String redact(String sql, boolean standardConformingStrings) {
    return sql == null
        ? null
        : Redactor.redact(sql, new LexOptions(Dialect.POSTGRES, standardConformingStrings));
  }
}
