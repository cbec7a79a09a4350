package dev.vetro.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckCommand.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String sql) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, sql);
    return p;
  }

  @Test
  void cleanInputExitsZeroAndBlockedInputExitsOne() {
    assertEquals(0, run("SELECT id FROM t WHERE id = 1;", "-").exit());
    Run blocked = run("SELECT 1;\nDELETE FROM orders;", "-");
    assertEquals(1, blocked.exit());
    assertTrue(blocked.out().contains("-:2:1: BLOCKED VETRO-001"), blocked.out());
  }

  @Test
  void usageAndIoErrorsExitTwoWithAMessage() {
    Run r = run("", "--format", "xml", "-");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--format must be text, json, sarif or gitlab"), r.err());
    Run missing = run("", dir.resolve("nope.sql").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertEquals(2, run("").exit());
  }

  @Test
  void badPolicyFileExitsTwoNamingTheProblem() throws IOException {
    Path policy = write("policy.json", "{\"rules\": {\"VETRO-404\": {}}}");
    Run r = run("SELECT 1", "--policy", policy.toString(), "-");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown rule code 'VETRO-404'"), r.err());
  }

  @Test
  void ignoreWithReasonSuppressesAndIgnoreWithoutReasonIsReportedAndDoesNotSuppress() {
    String sql =
        "-- vetro:ignore VETRO-015, VETRO-107 column unused since v42\nALTER TABLE u DROP COLUMN c;\n"
            + "-- vetro:ignore VETRO-001\nDELETE FROM t;\n";
    Run r = run(sql, "--format", "json", "-");
    assertEquals(1, r.exit());
    JsonNode results = json(r.out()).get("results");
    assertEquals("ALLOWED", results.get(0).get("decision").asText());
    assertEquals("VETRO-015", results.get(0).get("ignored").get(0).asText());
    assertEquals("BLOCKED", results.get(1).get("decision").asText());
    boolean reported = false;
    for (JsonNode v : results.get(1).get("violations")) {
      reported |=
          v.get("code").asText().equals("VETRO-IGNORE-NO-REASON")
              && v.get("action").asText().equals("FLAGGED");
    }
    assertTrue(reported, r.out());
  }

  @Test
  void directoriesAreWalkedRecursivelyInSortedOrderAndPreviewsAreRedacted() throws IOException {
    write("b/2.sql", "ALTER ROLE bob PASSWORD 'hunter2';");
    write("a/1.sql", "SELECT 1;");
    write("a/notes.txt", "DROP TABLE t;");
    Run r = run("", "--format", "json", dir.toString());
    JsonNode results = json(r.out()).get("results");
    assertEquals(2, results.size());
    assertTrue(results.get(0).get("file").asText().endsWith("a/1.sql"));
    assertTrue(results.get(1).get("file").asText().endsWith("b/2.sql"));
    assertFalse(r.out().contains("hunter2"), r.out());
  }

  @Test
  void sarifHasTheStructureGithubCodeScanningRequires() throws IOException {
    write("m/001.sql", "SELECT 1;\n  DROP TABLE orders;\n");
    Run r = run("", "--format", "sarif", dir.resolve("m").toString());
    JsonNode root = json(r.out());
    assertEquals("2.1.0", root.get("version").asText());
    JsonNode run = root.get("runs").get(0);
    JsonNode rules = run.get("tool").get("driver").get("rules");
    Set<String> ids = new HashSet<>();
    rules.forEach(n -> ids.add(n.get("id").asText()));
    assertTrue(ids.contains("VETRO-010") && ids.contains("VETRO-PARSE-ERROR"), ids.toString());
    JsonNode result = run.get("results").get(0);
    assertEquals("VETRO-010", result.get("ruleId").asText());
    assertEquals("VETRO-010", rules.get(result.get("ruleIndex").asInt()).get("id").asText());
    assertEquals("error", result.get("level").asText());
    assertFalse(result.get("message").get("text").asText().isBlank());
    JsonNode loc = result.get("locations").get(0).get("physicalLocation");
    assertTrue(loc.get("artifactLocation").get("uri").asText().endsWith("m/001.sql"));
    assertFalse(loc.get("artifactLocation").get("uri").asText().contains("\\"));
    assertEquals(2, loc.get("region").get("startLine").asInt());
    assertEquals(3, loc.get("region").get("startColumn").asInt());
  }

  @Test
  void concurrentlyAfterBeginInAMigrationFileIsFlagged() {
    Run r =
        run("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\n", "--format", "json", "-");
    JsonNode results = json(r.out()).get("results");
    assertEquals("VETRO-027", results.get(1).get("rule_code").asText(), r.out());
  }

  private Run runIn(Path cwd, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckCommand.run(
            args,
            cwd,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void git(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=t@example.org"));
    cmd.addAll(List.of("-c", "user.name=t", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + output);
  }

  @Test
  void changedChecksOnlySqlFilesChangedSinceTheBase() throws Exception {
    git("init", "-q");
    write("db/001_old.sql", "DROP TABLE legacy;\n"); // dangerous, but already merged
    write("db/002_edit.sql", "SELECT 1;\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    git("branch", "base");
    write("db/002_edit.sql", "SELECT 1;\nDELETE FROM users;\n"); // modified, uncommitted
    write("db/003_new.sql", "CREATE TABLE t (id int);\n");
    git("add", "db/003_new.sql");
    git("commit", "-q", "-m", "feature");
    write("db/004_untracked.sql", "SELECT 2;\n");
    write("db/notes.txt", "DROP TABLE t;\n");
    write("other/005.sql", "SELECT 3;\n");

    Run all = runIn(dir, "--changed", "base", "--format", "json");
    assertEquals(1, all.exit(), all.err() + all.out());
    List<String> files = new ArrayList<>();
    json(all.out()).get("results").forEach(r -> files.add(r.get("file").asText()));
    assertEquals(
        List.of(
            "db/002_edit.sql",
            "db/002_edit.sql",
            "db/003_new.sql",
            "db/004_untracked.sql",
            "other/005.sql"),
        files);

    Run underDb = runIn(dir, "--changed", "base", "--format", "json", "db");
    assertEquals(4, json(underDb.out()).get("results").size(), underDb.out());

    // without BASE: against HEAD, so the committed 003 is no longer a change
    Run sinceHead = runIn(dir, "--changed", "--format", "json");
    List<String> headFiles = new ArrayList<>();
    json(sinceHead.out()).get("results").forEach(r -> headFiles.add(r.get("file").asText()));
    assertFalse(headFiles.contains("db/003_new.sql"), headFiles.toString());
    assertTrue(headFiles.contains("db/002_edit.sql"), headFiles.toString());
  }

  @Test
  void changedOutsideAGitWorkTreeIsAnErrorNamingIt() {
    Run r = runIn(dir, "--changed");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("not a git work tree"), r.err());
  }

  @Test
  void gitlabFormatIsACodeQualityArray() {
    Run r = run("DELETE FROM t;\n", "--format", "gitlab", "-");
    assertEquals(1, r.exit());
    JsonNode issues = json(r.out());
    assertTrue(issues.isArray() && issues.size() == 1, r.out());
    assertEquals("VETRO-001", issues.get(0).get("check_name").asText());
  }

  private static JsonNode json(String s) {
    try {
      return new ObjectMapper().readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  @Test
  void textReportShowsTheLocksAStatementTakes() {
    Run r = run("VACUUM FULL orders;", "-");
    assertTrue(
        r.out().contains("lock: ACCESS EXCLUSIVE on orders (rewrites; blocks reads, writes)"),
        r.out());
  }
}
