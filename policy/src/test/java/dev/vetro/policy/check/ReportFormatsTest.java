package dev.vetro.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SARIF and GitLab writers against the formats' JSON schemas, on a small mixed corpus. */
class ReportFormatsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final CheckReport REPORT =
      new CheckPipeline(PolicyEngine.create(EngineOptions.defaults()))
          .run(
              List.of(
                  new CheckInput("db/migrate/001 init.sql", "CREATE TABLE t (id int);\n"),
                  new CheckInput(
                      "db/migrate/002_cleanup.sql",
                      "DELETE FROM t;\nDELETE FROM t;\n-- vetro:ignore VETRO-015\n"
                          + "ALTER TABLE t DROP COLUMN c;\nSELECT * FROM t;\n"),
                  new CheckInput("ünïcode/003.sql", "DROP TABLE t;\n")),
              EvalContext.postgres(null),
              Policy.defaults().compile());

  @Test
  void sarifIsValidAgainstTheSarif210Schema() throws Exception {
    String sarif = SarifWriter.render(REPORT);
    assertEquals(List.of(), ReportSchemas.SARIF.errors(sarif));
    JsonNode results = JSON.readTree(sarif).path("runs").get(0).path("results");
    assertTrue(results.size() >= 4, sarif);
    Set<String> uris = new HashSet<>();
    results.forEach(
        r ->
            uris.add(
                r.path("locations")
                    .get(0)
                    .path("physicalLocation")
                    .path("artifactLocation")
                    .path("uri")
                    .asText()));
    assertTrue(uris.contains("%C3%BCn%C3%AFcode/003.sql"), uris.toString());
  }

  @Test
  void theSchemaCheckCatchesABrokenSarifLog() throws Exception {
    ObjectNode broken = (ObjectNode) JSON.readTree(SarifWriter.render(REPORT));
    broken.put("version", "2.0.0");
    ((ObjectNode) broken.path("runs").get(0).path("results").get(0)).put("level", "fatal");
    List<String> errors = ReportSchemas.SARIF.errors(broken.toString());
    assertTrue(errors.size() >= 2, errors.toString());
  }

  @Test
  void gitlabCodeQualityIsValidWithUniqueFingerprintsAndBlockersForBlocked() throws Exception {
    String report = CodeQualityWriter.render(REPORT);
    assertEquals(List.of(), ReportSchemas.GITLAB.errors(report));
    JsonNode issues = JSON.readTree(report);
    Set<String> fingerprints = new HashSet<>();
    issues.forEach(i -> fingerprints.add(i.path("fingerprint").asText()));
    assertEquals(issues.size(), fingerprints.size(), "two identical DELETEs stay two issues");
    JsonNode first = issues.get(0);
    assertEquals("VETRO-001", first.path("check_name").asText(), report);
    assertEquals("blocker", first.path("severity").asText());
    assertEquals("db/migrate/002_cleanup.sql", first.path("location").path("path").asText());
    assertEquals(1, first.path("location").path("lines").path("begin").asInt());
    assertEquals(2, issues.get(1).path("location").path("lines").path("begin").asInt());
  }

  @Test
  void theSchemaCheckCatchesABrokenCodeQualityReport() throws Exception {
    JsonNode issues = JSON.readTree(CodeQualityWriter.render(REPORT));
    ((ObjectNode) issues.get(0)).put("severity", "error");
    ((ObjectNode) issues.get(1)).remove("fingerprint");
    assertFalse(ReportSchemas.GITLAB.errors(issues.toString()).isEmpty());
  }

  @Test
  void fingerprintsSurviveLinesMovingAbove() {
    CheckReport moved =
        new CheckPipeline(PolicyEngine.create(EngineOptions.defaults()))
            .run(
                List.of(new CheckInput("a.sql", "\n\n\nDROP TABLE t;\n")),
                EvalContext.postgres(null),
                Policy.defaults().compile());
    CheckReport original =
        new CheckPipeline(PolicyEngine.create(EngineOptions.defaults()))
            .run(
                List.of(new CheckInput("a.sql", "DROP TABLE t;\n")),
                EvalContext.postgres(null),
                Policy.defaults().compile());
    String a = CodeQualityWriter.render(moved);
    String b = CodeQualityWriter.render(original);
    assertEquals(fingerprint(a), fingerprint(b));
  }

  private static String fingerprint(String report) {
    try {
      return JSON.readTree(report).get(0).path("fingerprint").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
