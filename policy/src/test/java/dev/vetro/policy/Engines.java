package dev.vetro.policy;

import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.lexer.Dialect;

/** Shared engine and helpers for tests: one engine per JVM, as in production. */
public final class Engines {

  public static final PolicyEngine ENGINE = PolicyEngine.create(EngineOptions.defaults());
  public static final CompiledPolicy DEFAULTS = Policy.defaults().compile();

  private Engines() {}

  public static Decision pg(String sql) {
    return ENGINE.evaluate(sql, EvalContext.postgres("app"), DEFAULTS);
  }

  public static Decision pg(String sql, CompiledPolicy policy) {
    return ENGINE.evaluate(sql, EvalContext.postgres("app"), policy);
  }

  public static Decision mysql(String sql) {
    return ENGINE.evaluate(sql, EvalContext.mysql("app"), DEFAULTS);
  }

  public static Decision in(Dialect d, String sql) {
    return d == Dialect.POSTGRES ? pg(sql) : mysql(sql);
  }

  /** True when the rule is among the violations of the decision. */
  public static boolean fired(Decision d, String code) {
    return d.violations().stream().anyMatch(v -> v.code().equals(code));
  }
}
