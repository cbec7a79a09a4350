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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitLab template's job run the way a GitLab runner's bash shell runs it ({@code set -eo
 * pipefail}, the job's variables plus the merge request's predefined ones), with the release
 * archive's bin/vetro; the Code Quality artifact is validated against the report's schema.
 */
class GitlabTemplateTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private GitFixture repo;
  private JsonNode job;

  @BeforeEach
  void setUp() throws Exception {
    repo = new GitFixture(Files.createDirectories(tmp.resolve("project")));
    job =
        new ObjectMapper(new YAMLFactory())
            .readTree(ROOT.resolve("ci/gitlab/vetro.gitlab-ci.yml").toFile())
            .path("vetro-check");
  }

  private ProcessRunner.Result runJob() throws Exception {
    return runJob(Map.of());
  }

  private ProcessRunner.Result runJob(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(Release.env());
    for (Iterator<Map.Entry<String, JsonNode>> it = job.path("variables").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      env.put(e.getKey(), e.getValue().asText());
    }
    env.put("VETRO_CMD", Release.home().resolve("bin/vetro").toString());
    env.put("VETRO_PATHS", "db/migrations");
    env.put("CI_MERGE_REQUEST_DIFF_BASE_SHA", repo.sha("base"));
    env.putAll(extra);
    StringBuilder script = new StringBuilder();
    job.path("script").forEach(line -> script.append(line.asText()).append('\n'));
    return ProcessRunner.of("bash", "-e", "-o", "pipefail", "-c", script.toString())
        .env(env)
        .directory(repo.dir)
        .timeout(Duration.ofMinutes(5))
        .run();
  }

  private Path report() {
    String path = job.path("artifacts").path("reports").path("codequality").asText();
    assertEquals("always", job.path("artifacts").path("when").asText());
    return repo.dir.resolve(path);
  }

  @Test
  void aMergeRequestWithADangerousMigrationFailsWithAValidCodeQualityReport() throws Exception {
    ProcessRunner.Result r = runJob();
    assertEquals(1, r.exitCode(), r.describe());
    assertEquals(List.of(), Schemas.errors("gitlab-code-quality.json", report()));
    JsonNode issues = JSON.readTree(report().toFile());
    assertEquals(1, issues.size(), issues.toString());
    assertEquals("VETRO-001", issues.get(0).path("check_name").asText());
    assertEquals("blocker", issues.get(0).path("severity").asText());
    assertEquals(
        "db/migrations/003_cleanup.sql", issues.get(0).path("location").path("path").asText());
    assertEquals(2, issues.get(0).path("location").path("lines").path("begin").asInt());
    assertTrue(!r.stdout().contains("legacy_cleanup"), r.describe());
  }

  @Test
  void aMergeRequestWithoutDangerousStatementsPassesWithAnEmptyReport() throws Exception {
    repo.removeDangerousFile();
    ProcessRunner.Result r = runJob();
    assertEquals(0, r.exitCode(), r.describe());
    assertEquals(List.of(), Schemas.errors("gitlab-code-quality.json", report()));
    assertEquals(0, JSON.readTree(report().toFile()).size());
  }

  /** The integration guide's loop: with VETRO_API_URL and a key, each changed file is also sent. */
  @Test
  void withAControlPlaneEachChangedFileIsAlsoJudgedByTheHttpApi() throws Exception {
    try (ReleaseApi api = ReleaseApi.start(tmp.resolve("api-data"))) {
      ProcessRunner.Result r =
          runJob(
              Map.of(
                  "VETRO_API_URL", api.url,
                  "VETRO_API_KEY", api.key,
                  "VETRO_DATABASE_ID", api.databaseId));
      assertEquals(1, r.exitCode(), r.describe());
      assertTrue(
          r.stdout().contains("vetro API: db/migrations/003_cleanup.sql BLOCKED"), r.describe());
    }
  }
}
