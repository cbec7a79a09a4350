package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's workload under the full default catalog: every pgbench transaction passes the
 * judge in each query mode, none is blocked (a firewall that blocks TPC-B would make the benchmark
 * meaningless), and the memo does not change any answer.
 */
class PgbenchEnforcementTest {
  private static final String DATABASE = "enforce_pgbench";
  private static final int CLIENTS = 4;
  private static final int TRANSACTIONS = 25;
  private static final TestPolicies.RecordingSink sink = new TestPolicies.RecordingSink();
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    PostgresServer pg = ProxyTestSupport.pg();
    if (pg.execAsSuperuser("SELECT count(*) FROM pg_database WHERE datname = '" + DATABASE + "'")
        .get(0)
        .get(0)
        .equals("0")) {
      pg.execAsSuperuser("CREATE DATABASE " + DATABASE);
    }
    // Straight to the server: pgbench -i drops and truncates, which the catalog blocks by design.
    ProcessRunner.of(Tools.pgbench().toString(), "-i", "-s", "1", "-q")
        .env(pg.libpqEnv(PostgresServer.SUPERUSER, "disable"))
        .env("PGDATABASE", DATABASE)
        .timeout(Duration.ofMinutes(2))
        .run()
        .requireSuccess();
    pg.execAsSuperuser(
        DATABASE,
        "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO "
            + PostgresServer.TRUST_USER);
    proxy =
        TestPolicies.proxy(new TestPolicies.SwappablePolicy(TestPolicies.ENFORCE_DEFAULTS), sink);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @ParameterizedTest(name = "-M {0}")
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void tpcbTransactionsAllPassTheDefaultCatalog(String mode) {
    long before = historyRows();
    long blockedBefore = proxy.enforcement().orElseThrow().blockedCount();
    ProcessRunner.Result r =
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
                Integer.toString(TRANSACTIONS))
            .env(ProxyTestSupport.pg().libpqEnv(PostgresServer.TRUST_USER, "disable"))
            .env("PGPORT", Integer.toString(proxy.boundPort()))
            .env("PGDATABASE", DATABASE)
            .timeout(Duration.ofMinutes(2))
            .run();
    assertEquals(0, r.exitCode(), r.describe());
    assertEquals(CLIENTS * TRANSACTIONS, historyRows() - before, r.describe());
    assertEquals(blockedBefore, proxy.enforcement().orElseThrow().blockedCount());
    List<DecisionEvent> blocked =
        sink.events().stream().filter(e -> e.decision().blocked()).toList();
    assertEquals(List.of(), blocked);
  }

  private static long historyRows() {
    return Long.parseLong(
        ProxyTestSupport.pg()
            .execAsSuperuser(DATABASE, "SELECT count(*) FROM pgbench_history")
            .get(0)
            .get(0));
  }
}
