package dev.vetro.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A migration's transaction block as the pipeline tracks it, seen through VETRO-027 (CREATE INDEX
 * CONCURRENTLY inside a block): each case is a prefix followed by a concurrent index build.
 */
class TransactionBlockTest {

  private static final CheckPipeline PIPELINE =
      new CheckPipeline(PolicyEngine.create(EngineOptions.defaults()));

  private static boolean indexBuildIsInsideABlock(String prefix) {
    String file = prefix + "\nCREATE INDEX CONCURRENTLY i ON t (a);\n";
    CheckReport r =
        PIPELINE.run(
            List.of(new CheckInput("m.sql", file)),
            EvalContext.postgres(null),
            Policy.defaults().compile());
    StatementResult last = r.results().get(r.results().size() - 1);
    return last.violations().stream().anyMatch(v -> v.code().equals("VETRO-027"));
  }

  @ParameterizedTest(name = "[{index}] {0} -> in block: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "SELECT 1;| false",
        "BEGIN;| true",
        "begin isolation level serializable;| true",
        "START TRANSACTION READ WRITE;| true",
        "BEGIN; COMMIT;| false",
        "BEGIN; /* done */ COMMIT;| false",
        "BEGIN; -- finish\\n END;| false",
        "BEGIN; ABORT;| false",
        "BEGIN; ROLLBACK;| false",
        "BEGIN; ROLLBACK TO SAVEPOINT s;| true",
        "BEGIN; ROLLBACK WORK TO s;| true",
        "BEGIN; SAVEPOINT s; RELEASE SAVEPOINT s;| true",
        "BEGIN; COMMIT AND CHAIN;| true",
        "BEGIN; COMMIT AND NO CHAIN;| false",
        "BEGIN; ROLLBACK AND CHAIN;| true",
        "BEGIN; PREPARE TRANSACTION 'x';| false",
        "BEGIN; COMMIT PREPARED 'x';| true",
        "BEGIN; SELECT 'COMMIT';| true",
        "SELECT 'BEGIN';| false",
        "BEGIN; DO $$ BEGIN COMMIT; END $$;| true",
      })
  void blockStateFollowsTheTransactionStatements(String prefix, boolean inBlock) {
    assertEquals(inBlock, indexBuildIsInsideABlock(prefix.replace("\\n", "\n")), prefix);
  }
}
