package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pgbench's TPC-B-like load through the proxy in each query mode: simple Query, unnamed extended
 * statements and named prepared statements, four clients on two threads.
 */
class PgbenchThroughProxyTest {
  /** Its own database so the pgbench tables never meet another test's objects in vetro_test. */
  static final String DATABASE = "clients_pgbench";

  private static final int CLIENTS = 4;
  private static final int TRANSACTIONS_PER_CLIENT = 200;
  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: (\\d+)/(\\d+)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
  private static ProxyFleet fleet;

  @BeforeAll
  static void initialiseAndStartProxies() {
    PostgresServer pg = ProxyFleet.pg();
    if (pg.execAsSuperuser("select count(*) from pg_database where datname = '" + DATABASE + "'")
        .get(0)
        .get(0)
        .equals("0")) {
      pg.execAsSuperuser("create database " + DATABASE);
    }
    // Straight to the server as the superuser: the setup is not what is under test.
    ProcessRunner.of(Tools.pgbench().toString(), "-i", "-s", "1", "-q")
        .env(pg.libpqEnv(PostgresServer.SUPERUSER, "disable"))
        .env("PGDATABASE", DATABASE)
        .timeout(Duration.ofMinutes(2))
        .run()
        .requireSuccess();
    pg.execAsSuperuser(
        DATABASE,
        "grant select, insert, update on all tables in schema public to "
            + String.join(", ", Route.USERS));
    fleet = ProxyFleet.start();
  }

  @AfterAll
  static void stopProxies() {
    if (fleet != null) {
      fleet.close();
    }
  }

  static Stream<Arguments> runs() {
    return Route.covering()
        .flatMap(
            route ->
                Stream.of("simple", "extended", "prepared")
                    .map(mode -> Arguments.of(route.get()[0], mode)));
  }

  @ParameterizedTest(name = "-M {1}, {0}")
  @MethodSource("runs")
  void everyTransactionCompletesWithoutFailure(Route route, String mode) {
    long historyBefore = historyRows();
    Map<String, String> env = fleet.libpqEnv(route);
    ProcessRunner.Result result =
        ProcessRunner.of(
                Tools.pgbench().toString(),
                "-n",
                "-M",
                mode,
                "-c",
                Integer.toString(CLIENTS),
                "-j",
                "2",
                "-t",
                Integer.toString(TRANSACTIONS_PER_CLIENT))
            .env(env)
            .env("PGDATABASE", DATABASE)
            .timeout(Duration.ofMinutes(2))
            .run();
    String context = result.describe() + ServerFacts.serverLogTail();
    assertEquals(0, result.exitCode(), context);

    int expected = CLIENTS * TRANSACTIONS_PER_CLIENT;
    Matcher processed = PROCESSED.matcher(result.stdout());
    assertTrue(processed.find(), context);
    assertEquals(
        List.of(expected, expected),
        List.of(Integer.parseInt(processed.group(1)), Integer.parseInt(processed.group(2))),
        context);
    Matcher failed = FAILED.matcher(result.stdout());
    assertTrue(failed.find(), context);
    assertEquals(0, Integer.parseInt(failed.group(1)), context);
    // Each TPC-B transaction appends one history row: proof the work reached the server.
    assertEquals(expected, historyRows() - historyBefore, "rows added to pgbench_history");
    // A figure for the report, not an assertion: timings on a shared 2-core box are noise.
    Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(result.stdout());
    System.out.println(
        "pgbench -M " + mode + " " + route + ": tps " + (tps.find() ? tps.group(1) : "?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vetro.proxy.clients.Route#covering")
  void newConnectionPerTransactionCompletesAndLeavesNoSessionOpen(Route route) throws Exception {
    int clients = 2;
    int transactions = 20;
    long historyBefore = historyRows();
    // -C: a full startup (TLS handshake, SCRAM/md5 exchange) per transaction, 40 in all.
    ProcessRunner.Result result =
        ProcessRunner.of(
                Tools.pgbench().toString(),
                "-n",
                "-C",
                "-M",
                "extended",
                "-c",
                Integer.toString(clients),
                "-j",
                "2",
                "-t",
                Integer.toString(transactions))
            .env(fleet.libpqEnv(route))
            .env("PGDATABASE", DATABASE)
            .timeout(Duration.ofMinutes(2))
            .run();
    String context = result.describe() + ServerFacts.serverLogTail();
    assertEquals(0, result.exitCode(), context);
    Matcher failed = FAILED.matcher(result.stdout());
    assertTrue(failed.find(), context);
    assertEquals(0, Integer.parseInt(failed.group(1)), context);
    assertEquals(
        clients * transactions, historyRows() - historyBefore, "rows added to pgbench_history");
    Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(result.stdout());
    System.out.println(
        "pgbench -C "
            + route
            + ": connections+transactions/s "
            + (tps.find() ? tps.group(1) : "?"));

    // Every client has disconnected; the proxy must let go of all of them, not keep a session each.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fleet.proxy(route).openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(
        0,
        fleet.proxy(route).openConnections(),
        "client connections the proxy still counts as open");
  }

  private static long historyRows() {
    return Long.parseLong(
        ProxyFleet.pg()
            .execAsSuperuser(DATABASE, "select count(*) from pgbench_history")
            .get(0)
            .get(0));
  }
}
