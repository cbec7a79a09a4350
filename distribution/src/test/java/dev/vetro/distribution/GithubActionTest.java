package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.ProcessRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    int port = FreePorts.pick();
    Map<String, String> apiEnv = new HashMap<>(Release.env());
    apiEnv.put("VETRO_API_HOST", "127.0.0.1");
    apiEnv.put("VETRO_API_PORT", Integer.toString(port));
    apiEnv.put("VETRO_DATA_DIR", tmp.resolve("api-data").toString());
    ProcessRunner.Background api =
        ProcessRunner.of(Release.home().resolve("bin/vetro").toString(), "api").env(apiEnv).start();
    try {
      String base = "http://127.0.0.1:" + port + "/api/v1";
      awaitHealthy(api, "http://127.0.0.1:" + port + "/healthz");
      HttpResponse<String> reg =
          send(
              base + "/auth/register",
              "{\"email\":\"ci@example.com\",\"password\":\"correct horse battery\","
                  + "\"workspace\":\"ci\"}",
              null);
      String cookie = reg.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
      String db =
          JSON.readTree(
                  send(
                          base + "/databases",
                          "{\"name\":\"prod-users-db\",\"dialect\":\"postgres\"}",
                          cookie)
                      .body())
              .path("id")
              .asText();
      String key =
          JSON.readTree(
                  send(base + "/keys", "{\"name\":\"ci\",\"scopes\":[\"evaluate\"]}", cookie)
                      .body())
              .path("key")
              .asText();

      Map<String, String> inputs = new HashMap<>(inputs());
      inputs.put("api-url", "http://127.0.0.1:" + port);
      inputs.put("api-key", key);
      inputs.put("database-id", db);
      StepRun run = runCheckStep(inputs);
      assertEquals("1", run.outputs().get("exit-code"), run.result().describe());
      assertTrue(
          run.result().stdout().contains("vetro API: db/migrations/003_cleanup.sql BLOCKED"),
          run.result().describe());
    } finally {
      api.stop();
    }
  }

  private static void awaitHealthy(ProcessRunner.Background api, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(api.isAlive(), () -> "vetro api exited:\n" + api.output());
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("vetro api not healthy within 120 s:\n" + api.output());
  }

  private static HttpResponse<String> send(String url, String json, String cookie)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (cookie != null) {
      b.header("Cookie", cookie).header("X-Vetro-Request", "ci-test");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), url + ": " + r.body());
    return r;
  }
}
