package dev.vetro.policy.corpus;

import dev.vetro.policy.analysis.Coverage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the corpus figures into docs/policy-engine.md between the corpus-report markers. Run:
 * {@code mvn -B -q -o -pl policy test-compile} then {@code java -cp "$(cat
 * policy/target/test-classpath.txt)" dev.vetro.policy.corpus.CorpusReport docs/policy-engine.md}
 * (see policy/README.md for the classpath line).
 */
public final class CorpusReport {

  private static final String START = "<!-- corpus-report:start -->";
  private static final String END = "<!-- corpus-report:end -->";

  private CorpusReport() {}

  public static void main(String[] args) throws IOException {
    var entries = CorpusRun.load();
    CorpusRun.run(entries.subList(0, Math.min(5_000, entries.size()))); // JIT warm-up, not reported
    CorpusRun r = CorpusRun.run(entries);
    String report = render(r);
    System.out.println(report);
    if (args.length > 0) {
      Path doc = Path.of(args[0]);
      String text = Files.readString(doc, StandardCharsets.UTF_8);
      int s = text.indexOf(START);
      int e = text.indexOf(END);
      if (s < 0 || e < s) {
        throw new IllegalStateException(doc + " has no " + START + " … " + END + " section");
      }
      Files.writeString(
          doc,
          text.substring(0, s + START.length()) + "\n" + report + text.substring(e),
          StandardCharsets.UTF_8);
    }
  }

  static String render(CorpusRun r) {
    StringBuilder b = new StringBuilder();
    int strict = r.count(Coverage.AST) + r.count(Coverage.EXACT);
    b.append(String.format(Locale.ROOT, "| figure | value |%n|---|---|%n"));
    row(b, "statements", String.valueOf(r.total));
    row(b, "crashes", String.valueOf(r.crashes.size()));
    row(b, "kind matches PostgreSQL's", pct(r, r.kindMatches));
    row(b, "analysed at AST level (JSqlParser AST + exact token grammar)", pct(r, strict));
    row(b, "  of which JSqlParser AST", pct(r, r.count(Coverage.AST)));
    row(b, "  of which exact token grammar", pct(r, r.count(Coverage.EXACT)));
    row(
        b,
        "rule-free DDL recognised by its leading keywords only (not counted above)",
        pct(r, r.count(Coverage.HEADER)));
    row(b, "lexer classification only", pct(r, r.count(Coverage.LEXER)));
    row(b, "BLOCKED / FLAGGED under the default policy", r.blocked + " / " + r.flagged);
    row(
        b,
        "write/DDL kinds ALLOWED (all fully analysed, no rule fired)",
        r.writeKindAllowed + " (unread among them: " + r.writesAllowedUnread.size() + ")");
    row(
        b,
        "mean time per statement (split + analyse + decide, no cache)",
        String.format(Locale.ROOT, "%.0f µs", r.totalNanos / 1000.0 / Math.max(1, r.total)));
    row(
        b,
        "slowest statement",
        String.format(
            Locale.ROOT,
            "%.1f ms — `%s`",
            r.slowestNanos / 1e6,
            r.slowestSql.replace("|", "\\|").replace("`", "'")));
    b.append(String.format("%nLexer-only statements by PostgreSQL kind (top 15):%n%n"));
    r.lexerOnlyByKind.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -e.getValue()[0]))
        .limit(15)
        .forEach(
            e ->
                b.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue()[0])
                    .append('\n'));
    return b.toString();
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("| ").append(k).append(" | ").append(v).append(" |\n");
  }

  private static String pct(CorpusRun r, int n) {
    return String.format(Locale.ROOT, "%.2f%% (%d)", r.share(n), n);
  }
}
