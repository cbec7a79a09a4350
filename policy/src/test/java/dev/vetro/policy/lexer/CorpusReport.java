package dev.vetro.policy.lexer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figures for docs: the classifier's kind-match rate on the pg_regress corpus, the top mismatches,
 * the effect mix, and lexer throughput. Run with {@code mvn -pl policy test-compile
 * exec:java}-style classpath or from the IDE; the test {@link CorpusClassificationTest} runs the
 * same computation and asserts on it.
 */
public final class CorpusReport {

  record Mismatch(String expected, String actual, String sql) {}

  record Result(
      int total,
      int matched,
      int exceptions,
      List<Mismatch> mismatches,
      Map<Effect, Integer> effects,
      long nanos) {

    double rate() {
      return total == 0 ? 0 : (double) matched / total;
    }

    Map<String, Long> topMismatchPairs(int limit) {
      return mismatches.stream()
          .collect(
              Collectors.groupingBy(m -> m.expected() + " <- " + m.actual(), Collectors.counting()))
          .entrySet()
          .stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(limit)
          .collect(
              Collectors.toMap(
                  Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }
  }

  private CorpusReport() {}

  static Result run(List<Corpus.Entry> entries) {
    int matched = 0;
    int exceptions = 0;
    List<Mismatch> mismatches = new ArrayList<>();
    Map<Effect, Integer> effects = new EnumMap<>(Effect.class);
    long t0 = System.nanoTime();
    for (Corpus.Entry e : entries) {
      try {
        List<SqlStatement> statements = Statements.split(e.sql(), LexOptions.POSTGRES);
        String kind = Classification.UNKNOWN_KIND;
        if (!statements.isEmpty()) {
          Classification c = Classifier.classify(statements.get(0));
          kind = c.kind();
          effects.merge(c.effect(), 1, Integer::sum);
          Fingerprint.of(statements.get(0));
          Redactor.redact(statements.get(0));
        }
        if (kind.equals(e.kind())) {
          matched++;
        } else {
          mismatches.add(new Mismatch(e.kind(), kind, e.sql()));
        }
      } catch (RuntimeException ex) {
        exceptions++;
        mismatches.add(new Mismatch(e.kind(), ex.toString(), e.sql()));
      }
    }
    return new Result(
        entries.size(), matched, exceptions, mismatches, effects, System.nanoTime() - t0);
  }

  static String describe(Result r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("corpus statements: %d%n", r.total()));
    b.append(
        String.format("kind match: %d/%d = %.3f%%%n", r.matched(), r.total(), 100.0 * r.rate()));
    b.append(String.format("exceptions: %d%n", r.exceptions()));
    b.append(
        String.format(
            "split+classify+fingerprint+redact, all statements: %.1f ms (%.2f us/statement)%n",
            r.nanos() / 1e6, r.nanos() / 1e3 / Math.max(1, r.total())));
    b.append("effects: ").append(r.effects()).append('\n');
    b.append("top mismatches (expected <- ours):\n");
    r.topMismatchPairs(25).forEach((k, v) -> b.append(String.format("  %5d  %s%n", v, k)));
    Map<String, String> examples = new HashMap<>();
    for (Mismatch m : r.mismatches()) {
      examples.putIfAbsent(m.expected() + " <- " + m.actual(), m.sql());
    }
    b.append("examples:\n");
    r.topMismatchPairs(25)
        .keySet()
        .forEach(
            k ->
                b.append("  ")
                    .append(k)
                    .append(": ")
                    .append(
                        examples.get(k).replaceAll("\\s+", " "),
                        0,
                        Math.min(160, examples.get(k).replaceAll("\\s+", " ").length()))
                    .append('\n'));
    return b.toString();
  }

  /** Tokenizes one OLTP statement in a loop; a throughput figure for docs, not a test. */
  static String throughput() {
    String sql = "SELECT abalance FROM pgbench_accounts WHERE aid = 12345";
    long sink = 0;
    for (int i = 0; i < 2_000_000; i++) {
      sink += Lexer.tokenize(sql, LexOptions.POSTGRES).size();
    }
    int rounds = 5_000_000;
    long t0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      sink += Lexer.tokenize(sql, LexOptions.POSTGRES).size();
    }
    long lex = System.nanoTime() - t0;
    int rounds2 = 1_000_000;
    t0 = System.nanoTime();
    for (int i = 0; i < rounds2; i++) {
      SqlStatement s = Statements.split(sql, LexOptions.POSTGRES).get(0);
      sink += Classifier.classify(s).kind().length() + Fingerprint.of(s).hash();
    }
    long full = System.nanoTime() - t0;
    return String.format(
        "tokenize OLTP statement: %.0f ns/op; split+classify+fingerprint: %.0f ns/op (sink %d)%n",
        (double) lex / rounds, (double) full / rounds2, sink & 1);
  }

  public static void main(String[] args) {
    Result r = run(Corpus.load());
    System.out.print(describe(r));
    System.out.print(throughput());
  }
}
