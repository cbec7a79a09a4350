package dev.vetro.policy.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The classifier against 39,879 statements PostgreSQL 15 itself parsed and labelled. */
class CorpusClassificationTest {

  private static List<Corpus.Entry> entries;

  @BeforeAll
  static void load() {
    entries = Corpus.load();
  }

  @Test
  void kindMatchesPostgresForAtLeast999PerMilleWithoutExceptions() {
    CorpusReport.Result r = CorpusReport.run(entries);
    System.out.print(CorpusReport.describe(r));
    assertTrue(r.total() > 39_000, "corpus too small: " + r.total());
    assertEquals(0, r.exceptions(), "exceptions while classifying");
    assertTrue(
        r.rate() >= 0.999,
        String.format(
            "kind match %.4f%% < 99.9%%; top: %s", 100 * r.rate(), r.topMismatchPairs(10)));
  }
}
