package dev.vetro.policy.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.analysis.Coverage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole pg_regress corpus through the engine: no crash, no unread write allowed. */
class CorpusTest {

  private static CorpusRun run;

  @BeforeAll
  static void runCorpus() {
    List<CorpusRun.Entry> entries = CorpusRun.load();
    assertTrue(
        entries.size() > 30_000, "corpus looks truncated: " + entries.size() + " statements");
    run = CorpusRun.run(entries);
  }

  @Test
  void noCorpusStatementCrashesTheEngine() {
    assertEquals(List.of(), run.crashes.subList(0, Math.min(20, run.crashes.size())));
  }

  @Test
  void noWriteOrDdlStatementIsAllowedWithoutBeingFullyRead() {
    assertEquals(
        List.of(),
        run.writesAllowedUnread.subList(0, Math.min(20, run.writesAllowedUnread.size())),
        "write/DDL statements ALLOWED although only the lexer read them");
  }

  @Test
  void atLeast97PercentAreAnalysedAtAstLevel() {
    // Strictly: a statement recognised only by its leading keywords does not count.
    int strict = run.count(Coverage.AST) + run.count(Coverage.EXACT);
    assertTrue(run.share(strict) >= 97.0, () -> CorpusReport.render(run));
  }

  @Test
  void kindMatchesPostgresForAtLeast999Permille() {
    assertTrue(run.share(run.kindMatches) >= 99.9, () -> CorpusReport.render(run));
  }
}
