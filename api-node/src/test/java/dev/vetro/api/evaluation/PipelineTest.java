package dev.vetro.api.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's CI integrations against a running node: its GitHub Actions curl/jq loop and its Python
 * requests-style flow (here through urllib), over a migrations folder where one dangerous file must
 * fail the pipeline; plus ci/check with line numbers and SARIF.
 */
class PipelineTest {

  /** The loop from the seed's GitHub Actions example, unchanged but for the variable names. */
  private static final String CURL_LOOP =
      """
            set -u
            for f in "$MIGRATIONS"/*.sql; do
              jq -n --arg q "$(cat "$f")" --arg db "$DATABASE_ID" '{query: $q, database_id: $db, dialect: "postgres"}' > "$WORK/req.json"
              echo "checking $f"
              curl -s -H "Authorization: Bearer $VETRO_API_KEY" -d @"$WORK/req.json" "$VETRO_API_URL/api/v1/proxy/query" \\
                | jq -e '.decision != "BLOCKED"' || { echo "BLOCKED: $f"; exit 1; }
            done
            """;

  private static final String PYTHON_FLOW =
      """
            import json, os, sys, glob, urllib.request, urllib.error
            url = os.environ["VETRO_API_URL"] + "/api/v1/proxy/query"
            failed = False
            for path in sorted(glob.glob(os.path.join(os.environ["MIGRATIONS"], "*.sql"))):
                body = json.dumps({"query": open(path).read(), "database_id": os.environ["DATABASE_ID"],
                                   "dialect": "postgres"}).encode()
                req = urllib.request.Request(url, data=body, method="POST", headers={
                    "Authorization": "Bearer " + os.environ["VETRO_API_KEY"], "Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(req, timeout=30) as resp:
                        decision = json.load(resp)
                except urllib.error.HTTPError as e:
                    print("HTTP", e.code, json.load(e)["error"]); sys.exit(2)
                print(os.path.basename(path), decision["decision"], decision.get("rule_code"))
                if decision["decision"] == "BLOCKED":
                    failed = True
            sys.exit(1 if failed else 0)
            """;

  private static Path migrations(boolean withDangerousFile) throws Exception {
    Path dir = TestNode.tempDir("vetro-migrations");
    Files.writeString(
        dir.resolve("001_users.sql"),
        "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text NOT NULL\n);\n");
    Files.writeString(
        dir.resolve("002_nickname.sql"), "ALTER TABLE users ADD COLUMN nickname text;\n");
    Files.writeString(
        dir.resolve("003_index.sql"),
        "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n");
    if (withDangerousFile) {
      Files.writeString(dir.resolve("004_cleanup.sql"), "-- tidy up\nDELETE FROM users;\n");
    }
    return dir;
  }

  private static ProcessRunner.Result run(List<String> cmd, Path migrations, Tenant t) {
    return ProcessRunner.of(cmd)
        .env("MIGRATIONS", migrations.toString())
        .env("WORK", migrations.toString())
        .env("DATABASE_ID", t.databaseId())
        .env("VETRO_API_KEY", t.key())
        .env("VETRO_API_URL", TestNode.client().base())
        .timeout(Duration.ofMinutes(2))
        .run();
  }

  private static String jq() {
    Path jq = Path.of("/usr/bin/jq");
    if (!Files.isExecutable(jq)) {
      // like testkit's Tools: install what the test needs, fail with apt's output when that is
      // impossible
      ProcessRunner.Result r =
          ProcessRunner.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-q", "install", "jq")
              .env("DEBIAN_FRONTEND", "noninteractive")
              .timeout(Duration.ofMinutes(10))
              .run();
      assertTrue(
          Files.isExecutable(jq), "jq is missing and could not be installed:\n" + r.describe());
    }
    return jq.toString();
  }

  @Test
  void curlJqLoopPassesSafeMigrationsAndFailsOnTheDangerousOne() throws Exception {
    jq();
    Tenant t = TestNode.tenantA();
    ProcessRunner.Result safe = run(List.of("bash", "-c", CURL_LOOP), migrations(false), t);
    assertEquals(0, safe.exitCode(), safe.describe());
    ProcessRunner.Result unsafe = run(List.of("bash", "-c", CURL_LOOP), migrations(true), t);
    assertEquals(1, unsafe.exitCode(), unsafe.describe());
    assertTrue(
        unsafe.stdout().contains("BLOCKED: ") && unsafe.stdout().contains("004_cleanup.sql"),
        unsafe.describe());
  }

  @Test
  void pythonUrllibFlowFailsOnlyWithTheDangerousFile() throws Exception {
    Tenant t = TestNode.tenantA();
    String python = Tools.debianPython().toString();
    ProcessRunner.Result safe = run(List.of(python, "-c", PYTHON_FLOW), migrations(false), t);
    assertEquals(0, safe.exitCode(), safe.describe());
    ProcessRunner.Result unsafe = run(List.of(python, "-c", PYTHON_FLOW), migrations(true), t);
    assertEquals(1, unsafe.exitCode(), unsafe.describe());
    assertTrue(unsafe.stdout().contains("004_cleanup.sql BLOCKED VETRO-001"), unsafe.describe());
    ProcessRunner.Result badKey =
        ProcessRunner.of(python, "-c", PYTHON_FLOW)
            .env("MIGRATIONS", migrations(false).toString())
            .env("DATABASE_ID", t.databaseId())
            .env("VETRO_API_KEY", "vtro_" + "B".repeat(43))
            .env("VETRO_API_URL", TestNode.client().base())
            .timeout(Duration.ofMinutes(1))
            .run();
    assertEquals(2, badKey.exitCode(), badKey.describe());
    assertTrue(badKey.stdout().contains("HTTP 401 unauthorized"), badKey.describe());
  }

  @Test
  void wholeMigrationFileInOneQueryIsJudgedByItsWorstStatement() {
    ApiClient c = TestNode.client();
    Tenant t = TestNode.tenantA();
    String file =
        "-- 2024_01_add_flags.sql\nALTER TABLE users ADD COLUMN flags int;\n"
            + "UPDATE users SET flags = 0;\nCREATE TABLE flags_audit (id int);\n";
    JsonNode d =
        c.post(
                "/api/v1/proxy/query",
                ApiClient.json(Map.of("query", file, "database_id", t.databaseId())),
                t.bearer())
            .json();
    assertEquals("BLOCKED", d.path("decision").asText(), d.toString());
    assertEquals(
        "VETRO-042", d.path("rule_code").asText(), "the UPDATE without WHERE decides: " + d);
    assertTrue(d.path("violations").size() >= 2, "every rule that fired is listed: " + d);
  }

  @Test
  void ciCheckReportsEachStatementWithItsLineAndSarif() {
    ApiClient c = TestNode.client();
    Tenant t = TestNode.tenantA();
    String content = "CREATE TABLE t (id int);\n\nSELECT id FROM t WHERE id = 1;\nDROP TABLE t;\n";
    Map<String, Object> body =
        Map.of(
            "database_id",
            t.databaseId(),
            "files",
            List.of(Map.of("path", "db/migrate/001.sql", "content", content)));
    JsonNode report = c.post("/api/v1/ci/check", ApiClient.json(body), t.bearer()).json();
    assertEquals(3, report.path("statements").asInt(), report.toString());
    assertEquals(1, report.path("blocked").asInt());
    assertTrue(!report.path("passed").asBoolean());
    JsonNode drop = report.path("results").get(2);
    assertEquals(4, drop.path("line").asInt(), drop.toString());
    assertEquals("VETRO-010", drop.path("rule_code").asText());
    assertEquals(3, report.path("results").get(1).path("line").asInt());

    Map<String, Object> sarifBody =
        Map.of("format", "sarif", "files", List.of(Map.of("path", "001.sql", "content", content)));
    JsonNode sarif = c.post("/api/v1/ci/check", ApiClient.json(sarifBody), t.bearer()).json();
    assertEquals("2.1.0", sarif.path("version").asText());
    JsonNode result = sarif.path("runs").get(0).path("results").get(0);
    assertEquals("VETRO-010", result.path("ruleId").asText(), sarif.toString());
    assertEquals("error", result.path("level").asText());
    assertEquals(
        4,
        result
            .path("locations")
            .get(0)
            .path("physicalLocation")
            .path("region")
            .path("startLine")
            .asInt());
  }
}
