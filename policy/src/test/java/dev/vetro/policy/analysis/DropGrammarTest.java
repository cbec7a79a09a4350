package dev.vetro.policy.analysis;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.rules.RuleCodes;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every DROP object class has a verdict, and CASCADE makes any of them critical. */
class DropGrammarTest {

  @TestFactory
  Stream<DynamicTest> everyObjectClassIsJudged() {
    return DropGrammar.CLASSES.stream()
        .map(
            oc ->
                DynamicTest.dynamicTest(
                    "DROP " + oc.words(),
                    () -> {
                      Decision d = Engines.pg("DROP " + oc.words() + " some_object");
                      assertNotEquals(Verdict.ALLOWED, d.decision(), d::toJson);
                      assertTrue(
                          d.violations().stream()
                              .noneMatch(v -> v.code().equals(RuleCodes.UNCLASSIFIED_KIND)),
                          d::toJson);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> cascadeMakesEveryClassCritical() {
    return DropGrammar.CLASSES.stream()
        .filter(oc -> !oc.kind().equals("DropRoleStmt")) // roles take no CASCADE in the grammar
        .map(
            oc ->
                DynamicTest.dynamicTest(
                    "DROP " + oc.words() + " … CASCADE",
                    () -> {
                      Decision d = Engines.pg("DROP " + oc.words() + " some_object CASCADE");
                      assertTrue(Engines.fired(d, RuleCodes.DROP_CASCADE), d::toJson);
                      assertTrue(d.decision() == Verdict.BLOCKED, d::toJson);
                    }));
  }
}
