package dev.vetro.proxy.events;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.lexer.Dialect;
import java.time.Instant;

/** Decision events as the enforcement path makes them: a real engine judging real SQL. */
final class TestEvents {
  private static final PolicyEngine ENGINE = PolicyEngine.create(EngineOptions.defaults());

  private TestEvents() {}

  static DecisionEvent judged(String sql, String sessionId) {
    Decision d =
        ENGINE.evaluate(
            sql,
            new EvalContext(Dialect.POSTGRES, "app", true, false),
            Policy.defaults().compile());
    return new DecisionEvent(
        Instant.now(),
        "db-1",
        sessionId,
        "app",
        "appdb",
        "psql",
        "127.0.0.1:5555",
        StatementProtocol.SIMPLE,
        DecisionEvent.redact(sql, true),
        d.fingerprint(),
        d,
        0);
  }
}
