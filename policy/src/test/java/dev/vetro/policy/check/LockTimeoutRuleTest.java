package dev.vetro.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.rules.RuleCodes;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VETRO-107: a migration file whose DDL runs without a non-zero lock_timeout set earlier in the
 * file is flagged once, at the first such statement.
 */
class LockTimeoutRuleTest {

  private static final CheckPipeline PIPELINE =
      new CheckPipeline(PolicyEngine.create(EngineOptions.defaults()));

  private static CheckReport check(String file) {
    return PIPELINE.run(
        List.of(new CheckInput("m.sql", file)),
        EvalContext.postgres(null),
        Policy.defaults().compile());
  }

  /** 1-based numbers of the statements VETRO-107 fires on. */
  private static String firedAt(String file) {
    List<StatementResult> results = check(file.replace("\\n", "\n")).results();
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).violations().stream()
          .anyMatch(v -> v.code().equals(RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT))) {
        at.append(at.isEmpty() ? "" : " ").append(i + 1);
      }
    }
    return at.isEmpty() ? "none" : at.toString();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "ALTER TABLE t ADD COLUMN c int;| 1",
        "SET lock_timeout = '5s'; ALTER TABLE t ADD COLUMN c int;| none",
        "SET lock_timeout TO 2000; ALTER TABLE t ADD COLUMN c int;| none",
        "SET LOCAL lock_timeout = '1min'; ALTER TABLE t ADD COLUMN c int;| none",
        "SELECT set_config('lock_timeout', '3s', false); ALTER TABLE t ADD COLUMN c int;| none",
        "ALTER TABLE t ADD COLUMN c int; SET lock_timeout = '5s';| 1",
        "SELECT 1; ALTER TABLE t ADD COLUMN c int; ALTER TABLE u DROP COLUMN d;| 2",
        "ALTER TABLE t ADD COLUMN c int; CREATE INDEX i ON u (a); DROP TABLE v;| 1",
        "SET lock_timeout = 0; ALTER TABLE t ADD COLUMN c int;| 2",
        "SET lock_timeout = '0s'; ALTER TABLE t ADD COLUMN c int;| 2",
        "SET lock_timeout = DEFAULT; ALTER TABLE t ADD COLUMN c int;| 2",
        "SET lock_timeout = '5s'; RESET lock_timeout; ALTER TABLE t ADD COLUMN c int;| 3",
        "SET lock_timeout = '5s'; RESET ALL; ALTER TABLE t ADD COLUMN c int;| 3",
        "SET statement_timeout = '5s'; ALTER TABLE t ADD COLUMN c int;| 2",
        "SELECT 'SET lock_timeout = 5'; ALTER TABLE t ADD COLUMN c int;| 2",
        "-- SET lock_timeout = '5s'\\nALTER TABLE t ADD COLUMN c int;| 1",
        "INSERT INTO t (a) VALUES (1); UPDATE t SET a = 2 WHERE id = 1;| none",
        "CREATE TABLE n (id int); ALTER TABLE n ADD COLUMN c int;| none",
      })
  void firesOncePerFileAtTheFirstUnprotectedDdl(String file, String statements) {
    assertEquals(statements, firedAt(file), file);
  }

  @Test
  void isAFlagByDefaultAndFilesAreIndependent() {
    CheckReport r =
        PIPELINE.run(
            List.of(
                new CheckInput("a.sql", "SET lock_timeout = '5s'; ALTER TABLE t ADD COLUMN c int;"),
                new CheckInput("b.sql", "ALTER TABLE t ADD COLUMN c int;")),
            EvalContext.postgres(null),
            Policy.defaults().compile());
    List<StatementResult> flagged =
        r.results().stream()
            .filter(
                s ->
                    s.violations().stream()
                        .anyMatch(v -> v.code().equals(RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT)))
            .collect(Collectors.toList());
    assertEquals(1, flagged.size());
    assertEquals("b.sql", flagged.get(0).path());
    assertEquals(
        Verdict.FLAGGED,
        flagged.get(0).violations().stream()
            .filter(v -> v.code().equals(RuleCodes.DDL_WITHOUT_LOCK_TIMEOUT))
            .findFirst()
            .orElseThrow()
            .action());
  }

  @Test
  void anInlineIgnoreWithAReasonSilencesIt() {
    assertEquals(
        "none",
        firedAt(
            "-- vetro:ignore VETRO-107 run by a tool that sets lock_timeout\\n"
                + "ALTER TABLE t ADD COLUMN c int;"));
  }
}
