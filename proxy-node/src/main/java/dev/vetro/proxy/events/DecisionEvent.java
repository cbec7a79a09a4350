package dev.vetro.proxy.events;

import dev.vetro.policy.decision.Decision;
import java.time.Instant;

/**
 * One judged request as it leaves the node. {@code redactedSql} must already be redacted by the
 * engine's redactor: raw literals (passwords, personal data) never leave the hot path.
 *
 * @param protocol {@code simple | extended | function-call | copy | replication}
 */
public record DecisionEvent(
    Instant at,
    String databaseId,
    String sessionId,
    String databaseUser,
    String database,
    String applicationName,
    String clientAddress,
    String protocol,
    String redactedSql,
    String fingerprint,
    Decision decision,
    long policyVersion) {}
