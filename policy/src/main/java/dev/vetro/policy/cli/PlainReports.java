package dev.vetro.policy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vetro.policy.check.CheckReport;
import dev.vetro.policy.check.StatementResult;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import dev.vetro.policy.locks.Lock;
import java.util.List;

/** The text (for people) and JSON (for scripts) renderings of {@code vetro check} results. */
final class PlainReports {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlainReports() {}

  static String text(CheckReport report) {
    List<StatementResult> results = report.results();
    StringBuilder b = new StringBuilder();
    int blocked = 0;
    int flagged = 0;
    for (StatementResult r : results) {
      Violation h = r.headline();
      b.append(r.path())
          .append(':')
          .append(r.line())
          .append(':')
          .append(r.column())
          .append(": ")
          .append(r.decision());
      if (h != null) {
        b.append(' ')
            .append(h.code())
            .append(' ')
            .append(h.message())
            .append(" [")
            .append(h.astNodePath())
            .append(']');
      }
      b.append('\n').append("    ").append(r.preview().replace("\n", "\n    ")).append('\n');
      for (Violation v : r.violations()) {
        if (v.action() != Verdict.ALLOWED && v != h) {
          b.append("    also ")
              .append(v.action())
              .append(' ')
              .append(v.code())
              .append(' ')
              .append(v.message())
              .append('\n');
        }
      }
      if (h != null) {
        b.append("    fix: ").append(h.suggestedFix()).append('\n');
      }
      for (Lock l : r.locks()) {
        b.append("    lock: ").append(l.describe()).append('\n');
      }
      if (!r.ignored().isEmpty()) {
        b.append("    ignored: ").append(String.join(", ", r.ignored())).append('\n');
      }
      blocked += r.decision() == Verdict.BLOCKED ? 1 : 0;
      flagged += r.decision() == Verdict.FLAGGED ? 1 : 0;
    }
    b.append(results.size())
        .append(" statements: ")
        .append(blocked)
        .append(" blocked, ")
        .append(flagged)
        .append(" flagged\n");
    return b.toString();
  }

  static String json(CheckReport report) {
    List<StatementResult> results = report.results();
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("results");
    int blocked = 0;
    for (StatementResult r : results) {
      ObjectNode n = arr.addObject();
      n.put("file", r.path());
      n.put("line", r.line());
      n.put("column", r.column());
      n.put("preview", r.preview());
      n.put("decision", r.decision().name());
      n.put("fingerprint", r.fingerprint());
      Violation h = r.headline();
      n.put("rule_code", h == null ? null : h.code());
      n.put("ast_node_path", h == null ? null : h.astNodePath());
      n.put("message", h == null ? null : h.message());
      n.put("suggested_fix", h == null ? null : h.suggestedFix());
      n.set("violations", JSON.valueToTree(r.violations()));
      n.set("ignored", JSON.valueToTree(r.ignored()));
      blocked += r.decision() == Verdict.BLOCKED ? 1 : 0;
    }
    root.putObject("summary").put("statements", results.size()).put("blocked", blocked);
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("report tree always serialises", e);
    }
  }
}
