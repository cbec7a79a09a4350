package dev.vetro.policy.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.PolicyEngine;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Developer tool, not a test: prints the corpus statements that are read only by header or only by
 * the lexer, grouped by PostgreSQL kind and by leading keywords, so the next grammar can be aimed
 * at the biggest group. Run with the test classpath: {@code java -cp "$CP"
 * dev.vetro.policy.analysis.CoverageBreakdown [corpus.jsonl] [HEADER|LEXER] [sampleKind]}
 */
public final class CoverageBreakdown {

  private CoverageBreakdown() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "/work/shared/corpus/pg_regress.jsonl");
    Coverage focus = args.length > 1 ? Coverage.valueOf(args[1]) : null;
    String sampleKind = args.length > 2 ? args[2] : null;
    PolicyEngine engine =
        PolicyEngine.create(
            EngineOptions.defaults()
                .withCacheEntries(0)
                .withParseBudget(java.time.Duration.ofSeconds(2)));
    EvalContext ctx = EvalContext.postgres("app");
    ObjectMapper m = new ObjectMapper();
    Map<Coverage, Integer> totals = new EnumMap<>(Coverage.class);
    Map<String, Integer> byKind = new TreeMap<>();
    Map<String, Integer> byLead = new TreeMap<>();
    int n = 0;
    int samples = 0;
    try (BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode j = m.readTree(line);
        String sql = j.path("sql").asText();
        String kind = j.path("kind").asText();
        n++;
        Coverage c = Coverage.AST;
        String err = null;
        for (PolicyEngine.Analysed a : engine.analyse(sql, ctx)) {
          c = c.weakest(a.analysis().coverage());
          if (a.analysis().parseError() != null) {
            err = a.analysis().parseError();
          }
        }
        totals.merge(c, 1, Integer::sum);
        if (c == focus) {
          byKind.merge(kind, 1, Integer::sum);
          byLead.merge(kind + " :: " + lead(sql), 1, Integer::sum);
          if (kind.equals(sampleKind) && samples++ < 400) {
            System.out.println(
                "SAMPLE " + oneLine(sql) + "\n   ERR " + (err == null ? "" : oneLine(err)));
          }
        }
      }
    }
    System.out.println("total " + n);
    for (var e : totals.entrySet()) {
      System.out.printf(
          Locale.ROOT, "%-7s %6d %6.2f%%%n", e.getKey(), e.getValue(), 100.0 * e.getValue() / n);
    }
    print("by kind", byKind, 60);
    print("by kind :: leading words", byLead, 80);
  }

  private static void print(String title, Map<String, Integer> counts, int limit) {
    System.out.println("== " + title);
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(limit)
        .forEach(e -> System.out.printf(Locale.ROOT, "%6d  %s%n", e.getValue(), e.getKey()));
  }

  private static String lead(String sql) {
    String[] w = sql.replaceAll("--[^\n]*", " ").trim().split("\\s+");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(3, w.length); i++) {
      b.append(w[i].toUpperCase(Locale.ROOT)).append(' ');
    }
    return b.toString().trim();
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 220 ? t.substring(0, 220) + "…" : t;
  }
}
