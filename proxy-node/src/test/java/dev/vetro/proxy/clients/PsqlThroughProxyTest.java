package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * psql 15 through every route: \copy, multi-statement -c, -f scripts with transactions and
 * ON_ERROR_STOP.
 */
class PsqlThroughProxyTest {
  private static final String ROUTES = "dev.vetro.proxy.clients.Route#all";
  private static final int COPY_ROWS = 2_000;
  private static ProxyFleet fleet;

  @BeforeAll
  static void startProxies() {
    Tools.psql();
    fleet = ProxyFleet.start();
  }

  @AfterAll
  static void stopProxies() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void backslashCopyInAndOutIsByteExact(Route route, @TempDir Path dir) throws Exception {
    byte[] data =
        JdbcStreamingThroughProxyTest.copyText(COPY_ROWS, new Random(route.slug().hashCode()));
    Path in = Files.write(dir.resolve("in.copy"), data);
    Path out = dir.resolve("out.copy");
    ProcessRunner.Result result =
        psql(
            route,
            "-c",
            "create temp table psql_copy (id int primary key, payload text not null)",
            "-c",
            "\\copy psql_copy from '" + in + "'",
            "-c",
            "\\copy (select id, payload from psql_copy order by id) to '" + out + "'",
            "-c",
            "select count(*) from psql_copy");
    String context = result.describe() + ServerFacts.serverLogTail();
    assertEquals(0, result.exitCode(), context);
    assertEquals(
        List.of("COPY " + COPY_ROWS, "COPY " + COPY_ROWS, Integer.toString(COPY_ROWS)),
        result.stdout().lines().filter(l -> !l.isBlank() && !l.startsWith("CREATE")).toList(),
        context);
    byte[] back = Files.readAllBytes(out);
    int firstDifference = Arrays.mismatch(data, back);
    assertEquals(
        -1,
        firstDifference,
        "\\copy out differs at byte " + firstDifference + " of " + data.length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void multiStatementCommandRunsAsOneImplicitTransaction(Route route) {
    String table = "clients_psql_multi_" + route.slug();
    dropAsSuperuser(table);
    ProcessRunner.Result create = psql(route, "-c", "create table " + table + " (v int)");
    assertEquals(0, create.exitCode(), create.describe());

    // One Query message: the error at its end must undo the inserts before it.
    ProcessRunner.Result failing =
        psql(
            route,
            "-c",
            "insert into "
                + table
                + " values (1); insert into "
                + table
                + " values (2); select 1 / 0");
    assertEquals(1, failing.exitCode(), failing.describe());
    assertTrue(failing.stderr().contains("division by zero"), failing.describe());
    assertEquals("0", rowsOf(table));

    ProcessRunner.Result working =
        psql(
            route,
            "-c",
            "insert into "
                + table
                + " values (20); insert into "
                + table
                + " values (22); select sum(v) from "
                + table);
    assertEquals(0, working.exitCode(), working.describe());
    // psql 15 prints every statement's result of a multi-statement string (SHOW_ALL_RESULTS).
    assertEquals(
        List.of("INSERT 0 1", "INSERT 0 1", "42"),
        working.stdout().strip().lines().toList(),
        working.describe());
    assertEquals("2", rowsOf(table));
    dropAsSuperuser(table);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void scriptFileWithTransactionKeepsOnlyCommittedRows(Route route) {
    String table = "clients_psql_tx_" + route.slug();
    dropAsSuperuser(table);
    ProcessRunner.Result result =
        psql(
            route,
            "-q",
            "-v",
            "tbl=" + table,
            "-f",
            ClientScripts.path("psql/transaction.sql").toString());
    assertEquals(0, result.exitCode(), result.describe() + ServerFacts.serverLogTail());
    assertEquals("1:kept,3:kept too", result.stdout().strip(), result.describe());
    assertEquals("2", rowsOf(table));
    dropAsSuperuser(table);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void errorMidScriptStopsTheScriptWithOnErrorStop(Route route) {
    String table = "clients_psql_stop_" + route.slug();
    dropAsSuperuser(table);
    ProcessRunner.Result result =
        psql(
            route,
            "-q",
            "-v",
            "tbl=" + table,
            "-f",
            ClientScripts.path("psql/error_mid_script.sql").toString());
    assertEquals(
        3,
        result.exitCode(),
        "psql exits 3 when ON_ERROR_STOP ends a script: " + result.describe());
    assertTrue(result.stderr().contains("division by zero"), result.describe());
    assertTrue(result.stdout().contains("reached-before"), result.describe());
    assertFalse(result.stdout().contains("reached-after"), result.describe());
    assertEquals(
        List.of(List.of("before")),
        ProxyFleet.pg().execAsSuperuser("select step from " + table + " order by step"));
    dropAsSuperuser(table);
  }

  /**
   * Cleanup is not what is under test, and a firewall policy may well refuse DROP TABLE from
   * clients, so it goes straight to the server.
   */
  private static void dropAsSuperuser(String table) {
    ProxyFleet.pg().execAsSuperuser("drop table if exists " + table);
  }

  private static String rowsOf(String table) {
    return ProxyFleet.pg().execAsSuperuser("select count(*) from " + table).get(0).get(0);
  }

  private static ProcessRunner.Result psql(Route route, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.psql().toString(),
                "-X",
                "-A",
                "-t",
                "-d",
                fleet.libpqDsn(route) + " connect_timeout=10"));
    command.addAll(List.of(args));
    return ProcessRunner.of(command).timeout(Duration.ofSeconds(60)).run();
  }
}
