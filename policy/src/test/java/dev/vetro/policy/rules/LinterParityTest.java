package dev.vetro.policy.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Each parity row that names a Vetro rule is true: that rule fires on the linter's example. */
class LinterParityTest {

  @TestFactory
  Stream<DynamicTest> everyMappedLinterRuleHasAVetroRuleThatFires() {
    return LinterParity.ROWS.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    row.tool() + " " + row.rule(),
                    () -> {
                      if (row.vetro() == null) {
                        assertFalse(row.note().isBlank(), "a row without a rule says why");
                        return;
                      }
                      assertTrue(RuleCatalog.find(row.vetro()).isPresent(), row.vetro());
                      if (row.example() == null) {
                        // a file-level rule (vetro check): its pipeline test shows it firing
                        assertFalse(row.note().isBlank(), "a file-level row says so");
                        return;
                      }
                      Decision d = Engines.pg(row.example());
                      assertTrue(Engines.fired(d, row.vetro()), d::toJson);
                    }));
  }
}
