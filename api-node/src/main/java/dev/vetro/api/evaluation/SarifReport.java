package dev.vetro.api.evaluation;

import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.rules.Rule;
import dev.vetro.policy.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SARIF 2.1.0 for code-scanning UIs: one result per blocked or flagged statement, BLOCKED as {@code
 * error}, FLAGGED as {@code warning}; the rules used are described in the driver.
 */
final class SarifReport {
  private SarifReport() {}

  static Map<String, Object> of(CiCheck.Report report) {
    Set<String> used = new LinkedHashSet<>();
    List<Object> results = new ArrayList<>();
    for (CiCheck.Result r : report.results()) {
      if (r.decision().equals(Verdict.ALLOWED.name()) || r.ruleCode() == null) {
        continue;
      }
      used.add(r.ruleCode());
      results.add(
          Map.of(
              "ruleId", r.ruleCode(),
              "level", r.decision().equals(Verdict.BLOCKED.name()) ? "error" : "warning",
              "message", Map.of("text", r.message() == null ? r.ruleCode() : r.message()),
              "partialFingerprints",
                  Map.of("vetroFingerprint/v1", r.fingerprint() == null ? "" : r.fingerprint()),
              "locations",
                  List.of(
                      Map.of(
                          "physicalLocation",
                          Map.of(
                              "artifactLocation", Map.of("uri", r.path()),
                              "region",
                                  Map.of("startLine", r.line(), "startColumn", r.column()))))));
    }
    List<Object> rules = new ArrayList<>();
    for (String code : used) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", code);
      RuleCatalog.find(code)
          .ifPresent(
              (Rule def) -> {
                rule.put("shortDescription", Map.of("text", def.title()));
                if (def.rationale() != null) {
                  rule.put("fullDescription", Map.of("text", def.rationale()));
                }
                if (def.suggestedFix() != null) {
                  rule.put("help", Map.of("text", def.suggestedFix()));
                }
              });
      rules.add(rule);
    }
    Map<String, Object> sarif = new LinkedHashMap<>();
    sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    sarif.put("version", "2.1.0");
    sarif.put(
        "runs",
        List.of(
            Map.of(
                "tool",
                Map.of(
                    "driver",
                    Map.of("name", "vetro", "informationUri", "https://vetro.dev", "rules", rules)),
                "results",
                results)));
    return sarif;
  }
}
