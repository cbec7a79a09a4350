package dev.vetro.policy.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.rules.Rule;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.policy.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: the catalog as {@code tool.driver.rules}, one
 * result per violation that is not allowed, with the file's path as artifact URI and a 1-based
 * region. The only SARIF writer: {@code vetro check --format sarif} and {@code ci/check} with
 * {@code "format": "sarif"} both use it. Validated against the SARIF 2.1.0 JSON schema in tests.
 */
public final class SarifWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifWriter() {}

  public static String render(CheckReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "vetro");
    driver.put("informationUri", "https://github.com/vetro-dev/vetro");
    driver.put("semanticVersion", "0.1.0");
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new HashMap<>();
    for (Rule r : RuleCatalog.all()) {
      index.put(r.code(), index.size());
      ObjectNode n = rules.addObject();
      n.put("id", r.code());
      n.put("name", pascal(r.title()));
      n.putObject("shortDescription").put("text", r.title());
      n.putObject("fullDescription").put("text", r.rationale());
      n.putObject("help").put("text", r.suggestedFix());
      n.putObject("defaultConfiguration").put("level", level(r.severity()));
      ObjectNode props = n.putObject("properties");
      props.putArray("tags").add(r.category().name().toLowerCase(Locale.ROOT)).add("sql");
    }
    ArrayNode out = run.putArray("results");
    for (StatementResult c : report.results()) {
      for (Violation v : c.reported()) {
        ObjectNode res = out.addObject();
        res.put("ruleId", v.code());
        Integer ruleIndex = index.get(v.code());
        if (ruleIndex != null) {
          res.put("ruleIndex", ruleIndex);
        }
        res.put("level", v.action() == Verdict.BLOCKED ? "error" : "warning");
        res.putObject("message")
            .put("text", v.message() + " (" + v.astNodePath() + "). " + v.suggestedFix());
        ObjectNode phys = res.putArray("locations").addObject().putObject("physicalLocation");
        phys.putObject("artifactLocation").put("uri", uri(c.path()));
        ObjectNode region = phys.putObject("region");
        region.put("startLine", c.line());
        region.put("startColumn", c.column());
        res.putObject("partialFingerprints")
            .put("vetroStatement/v1", c.fingerprint() + ":" + v.code());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("SARIF tree always serialises", e);
    }
  }

  /** A relative URI reference: forward slashes, anything outside RFC 3986's safe set escaped. */
  static String uri(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  private static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM, META -> "warning";
      case LOW -> "note";
    };
  }

  private static String pascal(String title) {
    StringBuilder b = new StringBuilder();
    for (String w : title.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty()) {
        b.append(Character.toUpperCase(w.charAt(0)))
            .append(w.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return b.toString();
  }
}
