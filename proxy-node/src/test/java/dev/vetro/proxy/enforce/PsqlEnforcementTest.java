package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.policycache.TestNodes;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psql 15 (libpq, simple protocol, FunctionCall for large objects) against blocks. */
class PsqlEnforcementTest {
  private static final String TABLE = "enforce_psql";
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); GRANT ALL ON "
                + TABLE
                + " TO "
                + PostgresServer.TRUST_USER);
    // The node's default: the full catalog, enforced.
    proxy = TestNodes.start(ProxyTestSupport.config(), Map.of());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void copyFromProgramIsBlockedAndNothingRuns() {
    ProcessRunner.Result r = psql("COPY " + TABLE + " FROM PROGRAM 'echo 1'\n");
    assertEquals(3, r.exitCode(), r.describe());
    assertTrue(
        r.stderr().contains("blocked by VETRO-080: COPY to or from a program"), r.describe());
    assertEquals(
        List.of(List.of("0")),
        ProxyTestSupport.pg().execAsSuperuser("SELECT count(*) FROM " + TABLE));
  }

  @Test
  void doBlockIsBlockedWithHintAndDetail() {
    ProcessRunner.Result r = psql("\\set VERBOSITY verbose\nDO $$ BEGIN PERFORM 1; END $$;\n");
    assertEquals(3, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("ERROR:  42501: blocked by VETRO-081: DO block"), r.describe());
    assertTrue(
        r.stderr().contains("DETAIL:  Vetro rule VETRO-081 matched at DoStmt"), r.describe());
    assertTrue(r.stderr().contains("HINT:  "), r.describe());
    assertFalse(r.stderr().contains("vetro_blocked_"), r.describe());
  }

  @Test
  void blockInsideScriptTransactionRollsBackAtCommitAndTheSessionGoesOn() {
    ProcessRunner.Result r =
        ProcessRunner.of(Tools.psql().toString(), "-X", "-A", "-t", "-d", dsn())
            .stdin(
                "BEGIN;\nINSERT INTO "
                    + TABLE
                    + " VALUES (7);\nDELETE FROM "
                    + TABLE
                    + ";\nCOMMIT;\n"
                    + "SELECT 'rows=' || count(*) FROM "
                    + TABLE
                    + " WHERE id = 7;\n")
            .timeout(Duration.ofSeconds(60))
            .run();
    assertEquals(
        0, r.exitCode(), r.describe()); // no ON_ERROR_STOP: psql carries on, like an app would
    assertTrue(r.stderr().contains("blocked by VETRO-001"), r.describe());
    assertTrue(
        r.stdout().contains("ROLLBACK"),
        "COMMIT of the failed transaction rolls back: " + r.describe());
    assertTrue(r.stdout().contains("rows=0"), r.describe());
  }

  @Test
  void multiStatementStringWithOneBlockedStatementIsBlockedWholeAndNothingOfItRuns() {
    // psql -c sends the whole string as one Query (from a script it would split it itself).
    ProcessRunner.Result r =
        ProcessRunner.of(
                Tools.psql().toString(),
                "-X",
                "-A",
                "-t",
                "-d",
                dsn(),
                "-c",
                "INSERT INTO "
                    + TABLE
                    + " VALUES (901); DELETE FROM "
                    + TABLE
                    + "; INSERT INTO "
                    + TABLE
                    + " VALUES (902)")
            .timeout(Duration.ofSeconds(60))
            .run();
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(
        r.stderr().contains("ERROR:  blocked by VETRO-001: DELETE without WHERE"), r.describe());
    assertEquals(
        List.of(List.of("0")),
        ProxyTestSupport.pg()
            .execAsSuperuser("SELECT count(*) FROM " + TABLE + " WHERE id IN (901, 902)"));
  }

  @Test
  void largeObjectImportAndExportThroughFastPathCallsWork(@TempDir Path dir) throws IOException {
    Path in = Files.writeString(dir.resolve("in.txt"), "large object through the firewall");
    Path out = dir.resolve("out.txt");
    ProcessRunner.Result r =
        psql("\\lo_import " + in + "\n\\lo_export :LASTOID " + out + "\n\\lo_unlink :LASTOID\n");
    assertEquals(0, r.exitCode(), r.describe());
    assertEquals(Files.readString(in), Files.readString(out));
  }

  private static ProcessRunner.Result psql(String script) {
    return ProcessRunner.of(
            Tools.psql().toString(), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dsn())
        .stdin(script)
        .timeout(Duration.ofSeconds(60))
        .run();
  }

  private static String dsn() {
    return ProxyTestSupport.libpq(proxy, PostgresServer.TRUST_USER, "disable");
  }
}
