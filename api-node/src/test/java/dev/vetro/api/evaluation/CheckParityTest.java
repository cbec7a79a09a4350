package dev.vetro.api.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import dev.vetro.policy.cli.CheckCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code vetro check} and {@code POST /api/v1/ci/check} on one corpus (src/test/resources/
 * check-corpus: transactions, inline ignores, a directive hidden in a string, dollar quotes, CRLF,
 * an unterminated comment): the same statements, lines, columns, verdicts, violations and ignores,
 * and byte-for-byte the same SARIF and GitLab reports.
 */
class CheckParityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CORPUS = Path.of("target/test-classes/check-corpus");

  private record Cli(int exit, String out) {}

  private static Cli cli(String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckCommand.run(
            new String[] {"--format", format, CORPUS.toString()},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertTrue(exit == 0 || exit == 1, err.toString(StandardCharsets.UTF_8));
    return new Cli(exit, out.toString(StandardCharsets.UTF_8));
  }

  /** The corpus as the API gets it: the same relative paths the CLI prints. */
  private static List<Map<String, String>> files() throws Exception {
    List<Map<String, String>> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(CORPUS)) {
      for (Path p : s.sorted().toList()) {
        files.add(
            Map.of(
                "path",
                p.toString().replace('\\', '/'),
                "content",
                Files.readString(p, StandardCharsets.UTF_8)));
      }
    }
    return files;
  }

  private static JsonNode api(String format) throws Exception {
    Tenant t = TestNode.tenantA();
    ApiClient.Resp r =
        TestNode.client()
            .post(
                "/api/v1/ci/check",
                ApiClient.json(Map.of("format", format, "files", files())),
                t.bearer());
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  @Test
  void statementsVerdictsViolationsAndIgnoresAreTheSame() throws Exception {
    Cli cli = cli("json");
    JsonNode cliResults = JSON.readTree(cli.out()).get("results");
    JsonNode apiReport = api("json");
    JsonNode apiResults = apiReport.get("results");
    assertEquals(cliResults.size(), apiResults.size(), apiReport.toString());
    assertTrue(cliResults.size() >= 30, "the corpus has its statements: " + cliResults.size());
    for (int i = 0; i < cliResults.size(); i++) {
      JsonNode c = cliResults.get(i);
      JsonNode a = apiResults.get(i);
      String where = c.get("file").asText() + ":" + c.get("line").asInt();
      assertEquals(c.get("file").asText(), a.get("path").asText(), where);
      assertEquals(c.get("line").asInt(), a.get("line").asInt(), where);
      assertEquals(c.get("column").asInt(), a.get("column").asInt(), where);
      assertEquals(c.get("decision").asText(), a.get("decision").asText(), where);
      assertEquals(text(c, "rule_code"), text(a, "rule_code"), where);
      assertEquals(text(c, "fingerprint"), text(a, "fingerprint"), where);
      assertEquals(c.get("violations"), a.get("violations"), where);
      assertEquals(c.get("ignored"), a.get("ignored"), where);
    }
    assertEquals(cli.exit() == 0, apiReport.get("passed").asBoolean());
    assertEquals(1, cli.exit(), "the corpus has blocked statements");
  }

  /** The API leaves out null fields, the CLI writes them as null. */
  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Test
  void sarifAndGitlabReportsAreIdentical() throws Exception {
    assertEquals(JSON.readTree(cli("sarif").out()), api("sarif"));
    JsonNode gitlab = api("gitlab");
    assertEquals(JSON.readTree(cli("gitlab").out()), gitlab);
    assertTrue(gitlab.size() > 10, gitlab.toString());
  }

  @Test
  void bothFlagTheFileWithoutALockTimeoutOnceAtItsFirstDdl() throws Exception {
    JsonNode cliResults = JSON.readTree(cli("json").out()).get("results");
    JsonNode apiResults = api("json").get("results");
    assertEquals(List.of(2), linesFiring(cliResults, "file", "009_lock_timeout.sql", "VETRO-107"));
    assertEquals(List.of(2), linesFiring(apiResults, "path", "009_lock_timeout.sql", "VETRO-107"));
  }

  private static List<Integer> linesFiring(
      JsonNode results, String pathField, String file, String code) {
    List<Integer> lines = new ArrayList<>();
    results.forEach(
        r -> {
          if (r.get(pathField).asText().endsWith(file)
              && r.get("violations").toString().contains("\"" + code + "\"")) {
            lines.add(r.get("line").asInt());
          }
        });
    return lines;
  }

  @Test
  void bothHonourTheIgnoreWithAReasonAndNotTheOneInAString() throws Exception {
    JsonNode apiResults = api("json").get("results");
    List<JsonNode> ignoresFile = new ArrayList<>();
    apiResults.forEach(
        r -> {
          if (r.get("path").asText().endsWith("003_ignores.sql")) {
            ignoresFile.add(r);
          }
        });
    assertEquals(4, ignoresFile.size(), ignoresFile.toString());
    assertEquals("VETRO-015", ignoresFile.get(0).get("ignored").get(0).asText());
    assertEquals("BLOCKED", ignoresFile.get(1).get("decision").asText(), "no reason, no ignore");
    assertEquals("BLOCKED", ignoresFile.get(3).get("decision").asText(), "text in a string");
    assertEquals(7, ignoresFile.get(3).get("line").asInt());
    // both shapes are arrays of the same violations for the no-reason directive
    ArrayNode v = (ArrayNode) ignoresFile.get(1).get("violations");
    assertTrue(v.toString().contains("VETRO-IGNORE-NO-REASON"), v.toString());
  }
}
