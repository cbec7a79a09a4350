package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composite action (action.yml at the repository root) run the way the runner runs it: its
 * steps' {@code env} and {@code run} taken from the YAML, {@code ${{ inputs.* }}}, {@code ${{
 * github.action_path }}} and {@code ${{ steps.check.outputs.* }}} substituted, bash with the
 * Maven-free PATH, Vetro from the release archive. The SARIF upload step is GitHub's own action;
 * here its input is checked to be the file the check step wrote, and that file against the SARIF
 * 2.1.0 schema.
 */
class GithubActionTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern EXPR = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*}}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private GitFixture repo;
  private JsonNode action;

  @BeforeEach
  void setUp() throws Exception {
    repo = new GitFixture(Files.createDirectories(tmp.resolve("project")));
    action = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("action.yml").toFile());
  }

  private record StepRun(ProcessRunner.Result result, Map<String, String> outputs) {}

  private String substitute(String text, Map<String, String> inputs, Map<String, String> outputs) {
    Matcher m = EXPR.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String expr = m.group(1);
      String value;
      if (expr.startsWith("inputs.")) {
        String name = expr.substring("inputs.".length());
        value =
            inputs.containsKey(name)
                ? inputs.get(name)
                : action.path("inputs").path(name).path("default").asText("");
      } else if (expr.equals("github.action_path")) {
        value = ROOT.toString();
      } else if (expr.startsWith("steps.check.outputs.")) {
        value = outputs.getOrDefault(expr.substring("steps.check.outputs.".length()), "");
      } else {
        throw new AssertionError("the test does not know the expression " + expr);
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  private JsonNode step(int i) {
    return action.path("runs").path("steps").get(i);
  }

  private StepRun runCheckStep(Map<String, String> inputs) throws Exception {
    JsonNode check = step(0);
    assertEquals("check", check.path("id").asText());
    Path githubOutput = tmp.resolve("github_output");
    Files.deleteIfExists(githubOutput);
    Map<String, String> env = new HashMap<>(Release.env());
    for (Iterator<Map.Entry<String, JsonNode>> it = check.path("env").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      env.put(e.getKey(), substitute(e.getValue().asText(), inputs, Map.of()));
    }
    env.put("GITHUB_OUTPUT", githubOutput.toString());
    env.put("GITHUB_BASE_REF", null);
    ProcessRunner.Result r =
        ProcessRunner.of(
                "bash", "-e", "-c", substitute(check.path("run").asText(), inputs, Map.of()))
            .env(env)
            .directory(repo.dir)
            .timeout(Duration.ofMinutes(5))
            .run();
    Map<String, String> outputs = new HashMap<>();
    if (Files.exists(githubOutput)) {
      for (String line : Files.readAllLines(githubOutput)) {
        int eq = line.indexOf('=');
        outputs.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new StepRun(r, outputs);
  }

  private int runLastStep(Map<String, String> outputs) {
    JsonNode last = step(2);
    return ProcessRunner.of(
            "bash", "-e", "-c", substitute(last.path("run").asText(), Map.of(), outputs))
        .timeout(Duration.ofMinutes(1))
        .run()
        .exitCode();
  }

  private Map<String, String> inputs() throws Exception {
    return Map.of(
        "vetro",
        Release.home().resolve("bin/vetro").toString(),
        "base",
        "base",
        "paths",
        "db/migrations",
        "sarif-file",
        tmp.resolve("vetro.sarif").toString());
  }

  @Test
  void aChangeWithADangerousMigrationFailsTheJobAfterWritingValidSarif() throws Exception {
    StepRun run = runCheckStep(inputs());
    assertEquals(0, run.result().exitCode(), run.result().describe());
    assertEquals("1", run.outputs().get("exit-code"), run.result().describe());
    Path sarif = Path.of(run.outputs().get("sarif-file"));
    assertEquals(tmp.resolve("vetro.sarif"), sarif);
    assertEquals(List.of(), Schemas.errors("sarif-2.1.0.json", sarif));

    JsonNode results = JSON.readTree(sarif.toFile()).path("runs").get(0).path("results");
    assertEquals(1, results.size(), results.toString());
    JsonNode only = results.get(0);
    assertEquals("VETRO-001", only.path("ruleId").asText());
    JsonNode loc = only.path("locations").get(0).path("physicalLocation");
    assertEquals(
        "db/migrations/003_cleanup.sql", loc.path("artifactLocation").path("uri").asText());
    assertEquals(2, loc.path("region").path("startLine").asInt());
    assertTrue(
        run.result().stdout().contains("003_cleanup.sql:2:1: BLOCKED VETRO-001"),
        run.result().describe());
    assertTrue(!run.result().stdout().contains("legacy_cleanup"), "unchanged files are not judged");

    JsonNode upload = step(1);
    assertTrue(upload.path("uses").asText().startsWith("github/codeql-action/upload-sarif@"));
    assertEquals(
        sarif.toString(),
        substitute(upload.path("with").path("sarif_file").asText(), Map.of(), run.outputs()));
    assertEquals(1, runLastStep(run.outputs()), "the job fails");
  }

  @Test
  void aChangeWithoutDangerousStatementsPasses() throws Exception {
    repo.removeDangerousFile();
    StepRun run = runCheckStep(inputs());
    assertEquals("0", run.outputs().get("exit-code"), run.result().describe());
    Path sarif = Path.of(run.outputs().get("sarif-file"));
    assertEquals(List.of(), Schemas.errors("sarif-2.1.0.json", sarif));
    assertEquals(0, JSON.readTree(sarif.toFile()).path("runs").get(0).path("results").size());
    assertEquals(0, runLastStep(run.outputs()));
  }

  /**
   * The guide's HTTP loop: with api-url, api-key and database-id the action also sends each changed
   * file to {@code POST /api/v1/proxy/query} of a real control plane (the release's {@code vetro
   * api} in its own JVM) and fails on a BLOCKED answer.
   */
  @Test
  void withAControlPlaneEachChangedFileIsAlsoJudgedByTheHttpApi() throws Exception {
    try (ReleaseApi api = ReleaseApi.start(tmp.resolve("api-data"))) {
      Map<String, String> inputs = new HashMap<>(inputs());
      inputs.put("api-url", api.url);
      inputs.put("api-key", api.key);
      inputs.put("database-id", api.databaseId);
      StepRun run = runCheckStep(inputs);
      assertEquals("1", run.outputs().get("exit-code"), run.result().describe());
      assertTrue(
          run.result().stdout().contains("vetro API: db/migrations/003_cleanup.sql BLOCKED"),
          run.result().describe());
    }
  }
}
