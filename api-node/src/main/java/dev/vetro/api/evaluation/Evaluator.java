package dev.vetro.api.evaluation;

import dev.vetro.api.databases.Database;
import dev.vetro.api.databases.Databases;
import dev.vetro.api.decisions.DecisionRecord;
import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.lexer.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request through the engine, plus what the history keeps of it. The SQL is analysed, never
 * executed; the history gets the redacted text only.
 */
public final class Evaluator {
  static final int PREVIEW_CHARS = 4000;

  public record Outcome(Decision decision, DecisionRecord record) {}

  private final PolicyEngine engine;

  public Evaluator(PolicyEngine engine) {
    this.engine = engine;
  }

  public Outcome evaluate(
      String sql, String dialect, String databaseUser, CompiledPolicy policy, String source) {
    EvalContext ctx = context(dialect, databaseUser);
    Decision d;
    String preview;
    if (sql.getBytes(StandardCharsets.UTF_8).length > policy.maxQueryBytes()) {
      d = engine.evaluate(sql, ctx, policy); // the engine's own size verdict
      preview = "";
    } else {
      List<PolicyEngine.Analysed> statements = engine.analyse(sql, ctx);
      d = engine.decide(statements, ctx, policy);
      preview = preview(statements);
    }
    return new Outcome(d, record(d, databaseUser, source, preview));
  }

  static EvalContext context(String dialect, String databaseUser) {
    return new EvalContext(
        Databases.engineDialect(dialect), databaseUser, !dialect.equals("mysql"), false);
  }

  private static String preview(List<PolicyEngine.Analysed> statements) {
    StringBuilder b = new StringBuilder();
    for (PolicyEngine.Analysed a : statements) {
      if (b.length() >= PREVIEW_CHARS) {
        break;
      }
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(Redactor.redact(a.statement()));
    }
    return b.length() > PREVIEW_CHARS ? b.substring(0, PREVIEW_CHARS) : b.toString();
  }

  static DecisionRecord record(Decision d, String databaseUser, String source, String preview) {
    List<String> codes = d.violations().stream().map(Violation::code).distinct().toList();
    long now = System.currentTimeMillis();
    return new DecisionRecord(
        eventId(now),
        now,
        d.decision().name(),
        d.ruleCode(),
        codes,
        d.severity(),
        d.message(),
        d.fingerprint(),
        databaseUser,
        source,
        preview,
        d.enforceDecision() == null ? null : d.enforceDecision().name(),
        d.astNodePath());
  }

  /**
   * A time-ordered (version 7 layout) UUID: unique, not unguessable, and without SecureRandom's
   * lock (UUID.randomUUID takes it on every request). Time order matters for the history table: its
   * primary key is the event id, and random ids made every insert dirty a different B-tree page,
   * which was most of H2's write cost under load.
   */
  static String eventId(long nowMillis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (nowMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  public PolicyEngine engine() {
    return engine;
  }

  /** Shared by ci/check: the database's policy applies when one is named. */
  public static String dialectOf(Database.Info db, String requested) {
    return requested != null ? requested : db.dialect();
  }
}
