package dev.vetro.policy.corpus;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many pg_regress corpus statements each rule fires on, with a few of them to look at: the
 * false-positive check for new rules (issue 11). Run with the test classpath:
 *
 * <pre>
 * java -cp "$CP" dev.vetro.policy.corpus.RuleFiringReport [VETRO-092 …]   # no codes: every rule
 * </pre>
 */
public final class RuleFiringReport {

  private RuleFiringReport() {}

  public static void main(String[] args) {
    List<String> only = List.of(args);
    PolicyEngine engine =
        PolicyEngine.create(
            EngineOptions.defaults().withCacheEntries(0).withParseBudget(Duration.ofSeconds(2)));
    CompiledPolicy policy = Policy.defaults().compile();
    EvalContext ctx = EvalContext.postgres("app");
    Map<String, List<String>> fired = new TreeMap<>();
    Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    for (CorpusRun.Entry e : CorpusRun.load()) {
      Decision d = engine.decide(engine.analyse(e.sql(), ctx), ctx, policy);
      for (String code : d.violations().stream().map(Violation::code).distinct().toList()) {
        if (only.isEmpty() || only.contains(code)) {
          fired.computeIfAbsent(code, k -> new ArrayList<>()).add(CorpusRun.oneLine(e.sql()));
          byKind.computeIfAbsent(code, k -> new TreeMap<>()).merge(e.kind(), 1, Integer::sum);
        }
      }
    }
    fired.forEach(
        (code, sqls) -> {
          System.out.println(code + ": " + sqls.size() + " statements " + byKind.get(code));
          sqls.stream().limit(6).forEach(s -> System.out.println("    " + s));
        });
  }
}
