package dev.vetro.policy.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.decision.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * GitLab's Code Quality report (a subset of the Code Climate issue format): a JSON array with one
 * issue per violation that is not allowed. GitLab compares issues between the base and the merge
 * request by {@code fingerprint}, so it is built from what survives edits elsewhere in the file
 * (path, statement fingerprint, rule, nth occurrence) and not from the line number.
 */
public final class CodeQualityWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CodeQualityWriter() {}

  public static String render(CheckReport report) {
    ArrayNode issues = JSON.createArrayNode();
    Map<String, Integer> seen = new HashMap<>();
    for (StatementResult r : report.results()) {
      for (Violation v : r.reported()) {
        String identity = r.path() + "\0" + r.fingerprint() + "\0" + v.code();
        int nth = seen.merge(identity, 1, Integer::sum);
        ObjectNode issue = issues.addObject();
        issue.put("type", "issue");
        issue.put("check_name", v.code());
        issue.put("description", v.code() + " " + v.message() + " (" + v.astNodePath() + ")");
        issue.putObject("content").put("body", v.suggestedFix());
        issue.putArray("categories").add("Bug Risk");
        issue.put("severity", severity(v));
        issue.put("fingerprint", md5(identity + "\0" + nth));
        ObjectNode location = issue.putObject("location");
        location.put("path", r.path());
        location.putObject("lines").put("begin", r.line());
      }
    }
    try {
      return JSON.writeValueAsString(issues);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("report tree always serialises", e);
    }
  }

  /** A blocked statement stops the merge ("blocker"); a flag keeps its rule's weight. */
  static String severity(Violation v) {
    if (v.action() == Verdict.BLOCKED) {
      return "blocker";
    }
    return switch (v.severity().toLowerCase(Locale.ROOT)) {
      case "critical" -> "critical";
      case "high" -> "major";
      case "medium" -> "minor";
      default -> "info";
    };
  }

  /** GitLab's documentation suggests an MD5 hash; it only has to be unique and stable. */
  private static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has MD5", e);
    }
  }
}
