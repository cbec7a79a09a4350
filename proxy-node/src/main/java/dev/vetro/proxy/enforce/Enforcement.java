package dev.vetro.proxy.enforce;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.analysis.BoundParameters;
import dev.vetro.policy.decision.Decider;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.lexer.Dialect;
import dev.vetro.policy.lexer.LexOptions;
import dev.vetro.policy.lexer.Redactor;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.proxy.events.DecisionSink;
import dev.vetro.proxy.events.StatementProtocol;
import dev.vetro.proxy.metrics.ProxyMetrics;
import dev.vetro.proxy.policycache.PolicySnapshot;
import dev.vetro.proxy.policycache.PolicySource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The node's judge: one policy engine, the policy source and the decision sink, shared by every
 * session. Called on the stream's thread for each Query, Parse and FunctionCall, so it reads the
 * policy with one volatile read (a policy change reaches running sessions at their next statement)
 * and never waits on anything.
 *
 * <p>What is recorded: in observe mode every decision (that is the point of observe mode); in
 * enforce mode FLAGGED and BLOCKED ones, while ALLOWED ones are only counted, so that the common
 * case costs no redaction and no event.
 */
public final class Enforcement {
  private final PolicyEngine engine;
  private final PolicySource policies;
  private final DecisionSink sink;
  private final DecisionMemo memo = new DecisionMemo();
  private final LongAdder allowed = new LongAdder();
  private final LongAdder flagged = new LongAdder();
  private final LongAdder blocked = new LongAdder();
  private volatile ProxyMetrics metrics;

  public Enforcement(PolicyEngine engine, PolicySource policies, DecisionSink sink) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** One engine per node: it holds the decision cache that makes repeated statements cheap. */
  public static Enforcement create(PolicySource policies, DecisionSink sink) {
    return new Enforcement(PolicyEngine.create(EngineOptions.defaults()), policies, sink);
  }

  /** Node metrics to count judged statements and judging time in; none until set. */
  public void reportTo(ProxyMetrics nodeMetrics) {
    this.metrics = nodeMetrics;
  }

  public PolicySource policies() {
    return policies;
  }

  /**
   * Judges one request (a Query's whole text, a Parse's statement). Never throws: an engine failure
   * is judged like a statement the engine cannot read, under the policy's parse_error setting,
   * because a firewall that lets through what it failed to read is no firewall.
   */
  public Decision judgeSql(
      String sql,
      SessionFacts facts,
      boolean standardConformingStrings,
      boolean inTransactionBlock,
      StatementProtocol protocol) {
    return judgeSql(sql, facts, standardConformingStrings, inTransactionBlock, protocol, false);
  }

  /**
   * Judges a Parse's statement. A decision that the values of a later Bind decide ({@link
   * BoundParameters#decidedAtBind}) is returned neither counted nor recorded: the Parse goes
   * through and each Bind is judged, and recorded, with its values.
   */
  public Decision judgeParse(
      String sql,
      SessionFacts facts,
      boolean standardConformingStrings,
      boolean inTransactionBlock) {
    return judgeSql(
        sql,
        facts,
        standardConformingStrings,
        inTransactionBlock,
        StatementProtocol.EXTENDED,
        true);
  }

  private Decision judgeSql(
      String sql,
      SessionFacts facts,
      boolean standardConformingStrings,
      boolean inTransactionBlock,
      StatementProtocol protocol,
      boolean deferBindDependent) {
    long started = System.nanoTime();
    PolicySnapshot snapshot = policies.current();
    DecisionMemo.Key key =
        DecisionMemo.memoizable(sql)
            ? new DecisionMemo.Key(
                sql,
                snapshot.policy(),
                facts.databaseUser(),
                standardConformingStrings,
                inTransactionBlock)
            : null;
    Decision decision = key == null ? null : memo.get(key);
    if (decision == null) {
      decision = evaluate(sql, facts, standardConformingStrings, inTransactionBlock, snapshot);
      if (key != null) {
        memo.put(key, decision);
      }
    }
    if (deferBindDependent
        && !decision.violations().isEmpty()
        && BoundParameters.decidedAtBind(decision)) {
      return decision;
    }
    ProxyMetrics m = metrics;
    if (m != null) {
      m.judged(verdictLabel(decision.decision()), decision.ruleCode(), System.nanoTime() - started);
    }
    record(
        decision,
        snapshot,
        facts,
        protocol,
        () -> redact(sql, standardConformingStrings),
        decision.fingerprint());
    return decision;
  }

  private Decision evaluate(
      String sql,
      SessionFacts facts,
      boolean standardConformingStrings,
      boolean inTransactionBlock,
      PolicySnapshot snapshot) {
    Decision decision;
    try {
      decision =
          engine.evaluate(
              sql,
              new EvalContext(
                  Dialect.POSTGRES,
                  facts.databaseUser(),
                  standardConformingStrings,
                  inTransactionBlock),
              snapshot.policy());
    } catch (RuntimeException e) {
      decision =
          Decider.decide(
              List.of(
                  new Decider.Hit(
                      0,
                      Finding.of(
                          RuleCatalog.PARSE_ERROR,
                          "Request > EngineFailure",
                          e.getClass().getSimpleName()),
                      false)),
              snapshot.policy(),
              facts.databaseUser(),
              null);
    }
    return decision;
  }

  /** Judges something that is not SQL text (a replication startup, an unknown function OID). */
  public Decision judgeFinding(
      Finding finding, SessionFacts facts, StatementProtocol protocol, String description) {
    PolicySnapshot snapshot = policies.current();
    Decision decision =
        Decider.decide(
            List.of(new Decider.Hit(0, finding, false)),
            snapshot.policy(),
            facts.databaseUser(),
            null);
    ProxyMetrics m = metrics;
    if (m != null) {
      m.judged(verdictLabel(decision.decision()), decision.ruleCode(), 0);
    }
    record(decision, snapshot, facts, protocol, () -> description, null);
    return decision;
  }

  private static String verdictLabel(Verdict v) {
    return switch (v) {
      case BLOCKED -> "blocked";
      case FLAGGED -> "flagged";
      default -> "allowed";
    };
  }

  private void record(
      Decision decision,
      PolicySnapshot snapshot,
      SessionFacts facts,
      StatementProtocol protocol,
      Supplier<String> redactedSql,
      String fingerprint) {
    Verdict verdict = decision.decision();
    if (verdict == Verdict.BLOCKED) {
      blocked.increment();
    } else if (verdict == Verdict.FLAGGED) {
      flagged.increment();
    } else {
      allowed.increment();
      if (snapshot.policy().mode() != CompiledPolicy.Mode.OBSERVE) {
        return;
      }
    }
    try {
      sink.offer(
          new DecisionEvent(
              Instant.now(),
              snapshot.databaseId(),
              facts.sessionId(),
              facts.databaseUser(),
              facts.database(),
              facts.applicationName(),
              facts.clientAddress(),
              protocol,
              redactedSql.get(),
              fingerprint,
              decision,
              snapshot.version()));
    } catch (RuntimeException e) {
      // The sink promises not to throw; if one does anyway, the query must not pay for it.
    }
  }

  private static String redact(String sql, boolean standardConformingStrings) {
    try {
      return Redactor.redact(sql, new LexOptions(Dialect.POSTGRES, standardConformingStrings));
    } catch (RuntimeException e) {
      return "?"; // never ship raw text because redaction failed
    }
  }

  public long allowedCount() {
    return allowed.sum();
  }

  public long flaggedCount() {
    return flagged.sum();
  }

  public long blockedCount() {
    return blocked.sum();
  }

  public long droppedEvents() {
    return sink.dropped();
  }
}
