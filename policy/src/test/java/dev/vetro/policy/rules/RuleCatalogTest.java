package dev.vetro.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.Engines;
import dev.vetro.policy.Policy;
import dev.vetro.policy.decision.Decision;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RuleCatalogTest {

  /** Every rule enabled, so off-by-default rules are checked against their examples too. */
  private static final CompiledPolicy ALL_ON = allRulesOn();

  private static CompiledPolicy allRulesOn() {
    Map<String, Policy.RuleOverride> on = new HashMap<>();
    for (Rule r : RuleCatalog.all()) {
      if (r.severity() != Severity.META) {
        on.put(r.code(), new Policy.RuleOverride(true, null));
      }
    }
    Policy d = Policy.defaults();
    return new Policy(
            d.schemaVersion(),
            1L,
            "enforce",
            d.actions(),
            on,
            Map.of(),
            java.util.List.of(),
            d.parseError(),
            d.maxQueryBytes())
        .compile();
  }

  @TestFactory
  Stream<DynamicTest> everyFailingExampleFiresItsRule() {
    return RuleCatalog.all().stream()
        .filter(r -> r.failingExample() != null)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.code() + " fires on: " + r.failingExample(),
                    () -> {
                      Decision d = Engines.pg(r.failingExample(), ALL_ON);
                      assertTrue(
                          Engines.fired(d, r.code()),
                          () -> r.code() + " did not fire: " + d.toJson());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyPassingExampleDoesNotFireItsRule() {
    return RuleCatalog.all().stream()
        .filter(r -> r.passingExample() != null)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.code() + " quiet on: " + r.passingExample(),
                    () -> {
                      Decision d = Engines.pg(r.passingExample(), ALL_ON);
                      assertFalse(
                          Engines.fired(d, r.code()), () -> r.code() + " fired: " + d.toJson());
                    }));
  }

  @Test
  void ruleWithoutTextExampleHasAGeneratedOneThatFires() {
    StringBuilder sql = new StringBuilder("INSERT INTO t (a) VALUES (0)");
    for (int i = 1; i <= 10_000; i++) {
      sql.append(", (").append(i).append(')');
    }
    assertTrue(Engines.fired(Engines.pg(sql.toString(), ALL_ON), "VETRO-061"));
  }

  @Test
  void codesAreUniqueAndFieldsArePresent() {
    Set<String> seen = new HashSet<>();
    for (Rule r : RuleCatalog.all()) {
      assertTrue(seen.add(r.code()), r.code());
      assertFalse(r.title().isBlank(), r.code());
      assertFalse(r.rationale().isBlank(), r.code());
      assertFalse(r.suggestedFix().isBlank(), r.code());
      assertFalse(r.astNodePath().isBlank(), r.code());
    }
    assertEquals(RuleCatalog.codes().size(), seen.size());
  }
}
