package dev.vetro.policy.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.policy.rules.RuleCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The verdict table is total: every kind PostgreSQL's grammar builds, and every corpus kind. */
class KindVerdictsTest {

  @Test
  void everyGramYStatementAlternativeHasAVerdict() throws IOException {
    List<String> missing = new ArrayList<>();
    int alternatives = 0;
    for (String line : gramYAlternatives()) {
      String[] parts = line.split("->");
      alternatives++;
      for (String kind : parts[1].trim().split("\\s+")) {
        if (!kind.equals("-") && KindVerdicts.of(kind) == null) {
          missing.add(parts[0].trim() + " -> " + kind);
        }
      }
    }
    assertTrue(alternatives >= 125, "gram.y list looks truncated: " + alternatives);
    assertEquals(List.of(), missing, "statement kinds without a verdict");
  }

  @Test
  void everyKindInThePgRegressCorpusHasAVerdict() throws IOException {
    Set<String> missing = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = Files.newBufferedReader(corpus(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          String kind = json.readTree(line).path("kind").asText();
          if (KindVerdicts.of(kind) == null) {
            missing.add(kind);
          }
        }
      }
    }
    assertEquals(Set.of(), missing, "corpus statement kinds without a verdict");
  }

  @Test
  void everyDefaultRuleIsInTheCatalog() {
    for (KindVerdict v : KindVerdicts.all()) {
      if (v.defaultRule() != null) {
        assertTrue(RuleCatalog.find(v.defaultRule()).isPresent(), v.toString());
      }
    }
  }

  @Test
  void aKindWithoutVerdictIsReportedAsUnclassified() {
    List<Finding> findings = new ArrayList<>();
    KindVerdicts.judge("FrobnicateStmt", findings);
    assertEquals(1, findings.size());
    assertEquals(RuleCodes.UNCLASSIFIED_KIND, findings.get(0).code());
  }

  @Test
  void aKindsDefaultRuleFiresOnceEvenWhenAContentRuleNamedItToo() {
    List<Finding> findings = new ArrayList<>(List.of(Finding.of(RuleCodes.TRUNCATE, "x")));
    KindVerdicts.judge("TruncateStmt", findings);
    assertEquals(1, findings.size());
  }

  @Test
  void unknownStatementsAreNeverAllowedInEnforceMode() {
    for (String sql : List.of("FROBNICATE t", "DROP FUTURE THING x", "ALTER FUTURE THING x")) {
      Decision d = Engines.pg(sql);
      assertEquals(Verdict.BLOCKED, d.decision(), d::toJson);
    }
  }

  @Test
  void everyServerWideKindIsAtLeastFlagged() {
    for (String sql :
        List.of(
            "CHECKPOINT",
            "CREATE TABLESPACE ts LOCATION '/tmp/ts'",
            "ALTER DATABASE prod CONNECTION LIMIT 5",
            "CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw",
            "CREATE USER MAPPING FOR app SERVER s OPTIONS (password 'x')",
            "CREATE LANGUAGE plperl",
            "SECURITY LABEL ON TABLE t IS 'secret'")) {
      Decision d = Engines.pg(sql);
      assertNotEquals(Verdict.ALLOWED, d.decision(), d::toJson);
    }
  }

  private static List<String> gramYAlternatives() throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = KindVerdictsTest.class.getResourceAsStream("/kinds/gram-y-stmt.txt")) {
      assertNotNull(in, "kinds/gram-y-stmt.txt missing from test resources");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private static Path corpus() {
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
        "pg_regress corpus not found (set -Dvetro.corpus=FILE or VETRO_CORPUS)");
  }
}
