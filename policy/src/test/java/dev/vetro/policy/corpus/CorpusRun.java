package dev.vetro.policy.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.analysis.Coverage;
import dev.vetro.policy.analysis.StatementAnalysis;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs every pg_regress corpus statement through the engine under the default policy and counts
 * what the corpus test asserts and the report prints. Each corpus entry is one statement that
 * PostgreSQL 15's parser accepts, with its parse-node type.
 */
final class CorpusRun {

  record Entry(int line, String kind, String sql) {}

  /** Node types that write data, change schema, roles, files or server state. */
  static final Set<String> WRITE_KINDS =
      Set.of(
          "DeleteStmt",
          "UpdateStmt",
          "InsertStmt",
          "MergeStmt",
          "DropStmt",
          "TruncateStmt",
          "AlterTableStmt",
          "CopyStmt",
          "DoStmt",
          "CreateTableAsStmt",
          "RenameStmt",
          "GrantStmt",
          "GrantRoleStmt",
          "CreateRoleStmt",
          "AlterRoleStmt",
          "AlterSystemStmt",
          "DropdbStmt",
          "DropRoleStmt",
          "IndexStmt",
          "RuleStmt",
          "CreateStmt",
          "ReindexStmt",
          "VacuumStmt",
          "ClusterStmt",
          "LoadStmt");

  final Map<Coverage, Integer> coverage = new EnumMap<>(Coverage.class);
  final Map<String, int[]> lexerOnlyByKind = new TreeMap<>();
  final List<String> crashes = new ArrayList<>();
  final List<String> writesAllowedUnread = new ArrayList<>();
  int total;
  int kindMatches;
  int writeKindAllowed;
  int blocked;
  int flagged;
  long slowestNanos;
  String slowestSql = "";
  long totalNanos;

  static Path locate() {
    for (String p :
        new String[] {
          System.getProperty("vetro.corpus", ""),
          System.getenv().getOrDefault("VETRO_CORPUS", ""),
          "../../shared/corpus/pg_regress.jsonl",
          "/work/shared/corpus/pg_regress.jsonl"
        }) {
      if (!p.isEmpty() && Files.isRegularFile(Path.of(p))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException(
        "pg_regress corpus not found (set -Dvetro.corpus=FILE or VETRO_CORPUS); "
            + "looked at ../../shared/corpus/pg_regress.jsonl and /work/shared/corpus/pg_regress.jsonl");
  }

  static List<Entry> load() {
    ObjectMapper m = new ObjectMapper();
    List<Entry> out = new ArrayList<>(40_000);
    try (BufferedReader in = Files.newBufferedReader(locate(), StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          JsonNode j = m.readTree(line);
          out.add(new Entry(n, j.path("kind").asText(), j.path("sql").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static CorpusRun run(List<Entry> entries) {
    // A generous budget: this run measures coverage, and a GC pause on a loaded CI machine must
    // not turn into a parse error here. The budget itself is tested in BoundedParserTest.
    PolicyEngine engine =
        PolicyEngine.create(
            EngineOptions.defaults()
                .withCacheEntries(0)
                .withParseBudget(java.time.Duration.ofSeconds(2)));
    CompiledPolicy policy = Policy.defaults().compile();
    EvalContext ctx = EvalContext.postgres("app");
    CorpusRun r = new CorpusRun();
    for (Entry e : entries) {
      r.total++;
      long t0 = System.nanoTime();
      try {
        List<PolicyEngine.Analysed> analysed = engine.analyse(e.sql(), ctx);
        Decision d = engine.decide(analysed, ctx, policy);
        long took = System.nanoTime() - t0;
        r.totalNanos += took;
        if (took > r.slowestNanos) {
          r.slowestNanos = took;
          r.slowestSql = "line " + e.line() + ": " + oneLine(e.sql());
        }
        Coverage c = Coverage.AST;
        String kind = analysed.isEmpty() ? "Empty" : analysed.get(0).analysis().kind();
        for (PolicyEngine.Analysed a : analysed) {
          c = c.weakest(a.analysis().coverage());
        }
        r.coverage.merge(c, 1, Integer::sum);
        if (c == Coverage.LEXER) {
          r.lexerOnlyByKind.computeIfAbsent(e.kind(), k -> new int[1])[0]++;
        }
        if (kind.equals(e.kind())) {
          r.kindMatches++;
        }
        if (d.decision() == Verdict.BLOCKED) {
          r.blocked++;
        } else if (d.decision() == Verdict.FLAGGED) {
          r.flagged++;
        }
        if (WRITE_KINDS.contains(e.kind()) && d.decision() == Verdict.ALLOWED) {
          r.writeKindAllowed++;
          if (!analysed.stream()
              .map(PolicyEngine.Analysed::analysis)
              .allMatch(CorpusRun::readFully)) {
            r.writesAllowedUnread.add(
                "line " + e.line() + " " + e.kind() + ": " + oneLine(e.sql()));
          }
        }
      } catch (RuntimeException | StackOverflowError ex) {
        r.crashes.add("line " + e.line() + ": " + ex + " :: " + oneLine(e.sql()));
      }
    }
    return r;
  }

  private static boolean readFully(StatementAnalysis a) {
    return a.coverage().structural() && a.parseError() == null;
  }

  int count(Coverage c) {
    return coverage.getOrDefault(c, 0);
  }

  double share(int n) {
    return 100.0 * n / total;
  }

  static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 160 ? t.substring(0, 160) + "…" : t;
  }
}
