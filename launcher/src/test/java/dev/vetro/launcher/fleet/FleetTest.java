package dev.vetro.launcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.RoundRobinBalancer;
import dev.vetro.testkit.Tools;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three proxy nodes and one API node, each its own JVM on 127.0.0.1, sharing one fleet for the
 * class (JVMs are expensive on a 2-core machine): a policy change reaches every node; a raw
 * CancelRequest that arrives at another node than the session's cancels it; /metrics parses with a
 * real Prometheus parser; /readyz turns false while a node drains, and the node rejoins after a
 * restart; kill -9 of a node costs the others no transaction. pgjdbc's and psql's cancels through a
 * round-robin balancer in front of the nodes land on another node than the session and still
 * cancel; a stopping node leaves the fleet before its drain. A rolling restart of all three under
 * pgbench -C through a readiness-aware balancer fails no transaction, lets a transaction in flight
 * at SIGTERM finish, and never lets a blocked statement through.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {
  @TempDir static Path dir;
  static Fleet fleet;

  private static final String LONG_QUERY = RealClientCancels.LONG_QUERY;

  @BeforeAll
  static void startFleet() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execAsSuperuser(
        "DROP TABLE IF EXISTS fleet_t; CREATE TABLE fleet_t (id int); GRANT ALL ON fleet_t TO PUBLIC");
    fleet = Fleet.start(dir, 3, Map.of());
    for (Fleet.Proxy p : fleet.proxies) {
      awaitMetric(p, "vetro_proxy_cluster_members_up", 3, Duration.ofSeconds(120));
    }
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aPolicyChangeInTheApiReachesEveryNodeAndEachNodeHeartbeats() throws Exception {
    List<Connection> sessions = new ArrayList<>();
    try {
      for (Fleet.Proxy p : fleet.proxies) {
        Connection c =
            DriverManager.getConnection(
                fleet.jdbcUrl(p.pgPort()),
                PostgresServer.SCRAM_USER,
                PostgresServer.SCRAM_PASSWORD);
        sessions.add(c);
        try (Statement s = c.createStatement()) {
          SQLException e =
              org.junit.jupiter.api.Assertions.assertThrows(
                  SQLException.class, () -> s.executeUpdate("DELETE FROM fleet_t"));
          assertEquals("42501", e.getSQLState(), p.process().name() + ": " + e.getMessage());
        }
      }
      long t0 = System.nanoTime();
      fleet.putPolicy("{\"version\": 1, \"rules\": {\"VETRO-001\": {\"enabled\": false}}}");
      List<Long> reachedMillis = new ArrayList<>();
      for (int i = 0; i < sessions.size(); i++) {
        reachedMillis.add(awaitAllowed(sessions.get(i), t0, Duration.ofSeconds(30)));
      }
      // The figure is 2 s; under this test's load the assertion allows more, and the
      // measured times are printed (the quiet-machine figure is in docs/benchmarks.md).
      System.out.println("policy change reached the nodes after " + reachedMillis + " ms");
      JsonNode status = awaitStatus(3, Duration.ofSeconds(30));
      Set<String> nodes = new HashSet<>();
      status.path("proxies").forEach(n -> nodes.add(n.path("node_id").asText()));
      assertEquals(Set.of("proxy-a", "proxy-b", "proxy-c"), nodes, status.toString());
    } finally {
      fleet.putPolicy("{\"version\": 1}");
      for (Connection c : sessions) {
        c.close();
      }
    }
  }

  @Test
  @Order(2)
  void aRawCancelRequestArrivingAtAnotherNodeCancelsTheQuery() throws Exception {
    Fleet.Proxy a = fleet.proxies.get(0);
    Fleet.Proxy b = fleet.proxies.get(1);
    double routedBefore =
        metric(b, "vetro_proxy_cancel_requests_total", "outcome", "routed_remote");
    try (WireSession session =
        WireSession.connect(a.pgPort(), PostgresServer.TRUST_USER, PostgresServer.DATABASE)) {
      session.send(LONG_QUERY);
      RealClientCancels.awaitRunning(fleet.pg, Duration.ofSeconds(30));
      long t0 = System.nanoTime();
      session.cancelVia(b.pgPort());
      CompletableFuture<String> result =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return session.awaitResult();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      assertEquals("57014", result.get(30, TimeUnit.SECONDS), "query_canceled");
      System.out.println(
          "cancel via another node took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
    awaitMetric(
        b,
        "vetro_proxy_cancel_requests_total",
        routedBefore + 1,
        Duration.ofSeconds(20),
        "outcome",
        "routed_remote");

    double unknownBefore = metric(b, "vetro_proxy_cancel_requests_total", "outcome", "unknown");
    WireSession.cancelUnknown(b.pgPort(), 4242, new byte[] {1, 2, 3, 4});
    awaitMetric(
        b,
        "vetro_proxy_cancel_requests_total",
        unknownBefore + 1,
        Duration.ofSeconds(20),
        "outcome",
        "unknown");
  }

  @Test
  @Order(3)
  void realClientsCancelThroughARoundRobinBalancerThatSendsTheCancelToAnotherNode()
      throws Exception {
    List<Integer> nodes = fleet.proxies.stream().map(Fleet.Proxy::pgPort).toList();
    try (RoundRobinBalancer lb = new RoundRobinBalancer(nodes)) {
      List<Long> pgjdbcMillis = new ArrayList<>();
      List<Long> psqlMillis = new ArrayList<>();
      // Three rounds: the sessions land on every node in turn (pgjdbc: one connection; psql: one).
      for (int round = 0; round < 3; round++) {
        int before = lb.routed().size();
        pgjdbcMillis.add(RealClientCancels.pgjdbc(fleet.pg, lb.port()));
        psqlMillis.add(RealClientCancels.psql(fleet.pg, lb.port()));
        List<Integer> routed = lb.routed().subList(before, lb.routed().size());
        // session, cancel, session, cancel: each cancel arrived at another node than its session
        assertEquals(4, routed.size(), routed.toString());
        assertTrue(!routed.get(0).equals(routed.get(1)), "pgjdbc: " + routed);
        assertTrue(!routed.get(2).equals(routed.get(3)), "psql: " + routed);
      }
      // The figure is 1 s; the loaded test machine only bounds it (docs/benchmarks.md).
      System.out.println(
          "cancel through the balancer took: pgjdbc " + pgjdbcMillis + " ms, psql " + psqlMillis);
    }
  }

  @Test
  @Order(4)
  void metricsParseAsPrometheusTextAndCountWhatTheNodeDid() throws Exception {
    Fleet.Proxy a = fleet.proxies.get(0);
    try (Connection c =
            DriverManager.getConnection(
                fleet.jdbcUrl(a.pgPort()),
                PostgresServer.SCRAM_USER,
                PostgresServer.SCRAM_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      org.junit.jupiter.api.Assertions.assertThrows(
          SQLException.class, () -> s.executeUpdate("DELETE FROM fleet_t"));
    }
    Map<String, MetricFamily> m = Scrape.metrics(a.adminPort());
    assertTrue(
        Scrape.value(m, "vetro_proxy_statements_total", "decision", "blocked", "rule", "VETRO-001")
            >= 1,
        m.keySet().toString());
    assertTrue(Scrape.value(m, "vetro_proxy_sessions_total") >= 1);
    assertEquals(3, Scrape.value(m, "vetro_proxy_cluster_members_up"));
    assertEquals(1, Scrape.value(m, "vetro_proxy_ready"));
    assertTrue(Scrape.value(m, "vetro_proxy_judge_seconds") >= 2, "judging time histogram");
    assertTrue(m.containsKey("vetro_proxy_decision_events_dropped_total"));
    assertTrue(m.containsKey("vetro_proxy_policy_version"));
    for (MetricFamily f : m.values()) {
      for (var sample : f.getMetrics()) {
        for (String label : sample.getLabels().keySet()) {
          assertTrue(
              Set.of("decision", "rule", "direction", "hop", "outcome", "le").contains(label),
              f.getName() + " has an unbounded label " + label);
        }
      }
    }
  }

  @Test
  @Order(5)
  void readyzTurnsFalseWhileANodeDrainsAndTheNodeRejoinsAfterRestart() throws Exception {
    Fleet.Proxy c = fleet.proxies.get(2);
    try (Connection open =
        DriverManager.getConnection(
            fleet.jdbcUrl(c.pgPort()), PostgresServer.SCRAM_USER, PostgresServer.SCRAM_PASSWORD)) {
      assertEquals(200, NodeProcess.get(c.adminPort(), "/readyz").statusCode());
      c.process().terminate(); // SIGTERM: leave, then drain for up to PROXY_DRAIN_SECONDS=60
      HttpResponse<String> during = awaitReadyz(c, 503, Duration.ofSeconds(20));
      assertTrue(during.body().contains("draining"), during.body());
      // C leaves the fleet before it drains: the others see it removed, not unreachable, while
      // its session is still open and served.
      for (Fleet.Proxy p : fleet.proxies.subList(0, 2)) {
        awaitMetric(p, "vetro_proxy_cluster_members", 2, Duration.ofSeconds(40));
        assertEquals(0, metric(p, "vetro_proxy_cluster_members_unreachable"), "unreachable");
      }
      assertTrue(c.process().isAlive(), "C stopped before the others saw it leave");
      try (Statement s = open.createStatement()) {
        s.execute("SELECT 1"); // a session open before the drain still works during it
      }
    }
    c.process().waitForExit(Duration.ofSeconds(90));
    for (Fleet.Proxy p : fleet.proxies.subList(0, 2)) {
      awaitMetric(p, "vetro_proxy_cluster_members_up", 2, Duration.ofSeconds(90));
    }
    c.process().restart();
    c.process().awaitOk(c.adminPort(), "/readyz", Duration.ofSeconds(180));
    for (Fleet.Proxy p : fleet.proxies) {
      awaitMetric(p, "vetro_proxy_cluster_members_up", 3, Duration.ofSeconds(120));
    }
  }

  @Test
  @Order(6)
  void killNineOfOneNodeCostsTheOthersNoTransactionAndItRejoinsAfterRestart() throws Exception {
    Fleet.Proxy a = fleet.proxies.get(0);
    fleet.pg.execAsSuperuser(
        "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers");
    run(
        List.of(
            Tools.pgbench().toString(),
            "-i",
            "-q",
            "-s",
            "1",
            "-h",
            fleet.pg.host(),
            "-p",
            Integer.toString(fleet.pg.port()),
            "-U",
            PostgresServer.SUPERUSER,
            PostgresServer.DATABASE),
        Duration.ofMinutes(3));
    fleet.pg.execAsSuperuser("GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC");
    // a session on A, which the kill ends
    Connection onA =
        DriverManager.getConnection(
            fleet.jdbcUrl(a.pgPort()), PostgresServer.SCRAM_USER, PostgresServer.SCRAM_PASSWORD);
    List<Process> benches = new ArrayList<>();
    for (Fleet.Proxy p : fleet.proxies.subList(1, 3)) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  Tools.pgbench().toString(),
                  "-S",
                  "-n",
                  "-c",
                  "2",
                  "-j",
                  "1",
                  "-T",
                  "20",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(p.pgPort()),
                  "-U",
                  PostgresServer.TRUST_USER,
                  PostgresServer.DATABASE)
              .redirectErrorStream(true);
      benches.add(pb.start());
    }
    Thread.sleep(5_000);
    a.process().kill();
    SQLException gone =
        org.junit.jupiter.api.Assertions.assertThrows(
            SQLException.class, () -> onA.createStatement().execute("SELECT 1"));
    assertTrue(
        gone.getSQLState() == null || gone.getSQLState().startsWith("08"), gone.getMessage());
    onA.close();
    for (Process bench : benches) {
      assertTrue(bench.waitFor(120, TimeUnit.SECONDS), "pgbench did not finish");
      String out = new String(bench.getInputStream().readAllBytes());
      assertEquals(0, bench.exitValue(), out);
      assertTrue(out.contains("number of failed transactions: 0"), out);
    }
    a.process().restart();
    a.process().awaitOk(a.adminPort(), "/readyz", Duration.ofSeconds(180));
    for (Fleet.Proxy p : fleet.proxies) {
      awaitMetric(p, "vetro_proxy_cluster_members_up", 3, Duration.ofSeconds(180));
    }
  }

  @Test
  @Order(7)
  void aRollingRestartOfAllThreeUnderPgbenchConnectPerTransactionFailsNoTransaction()
      throws Exception {
    Path script = dir.resolve("rolling.sql");
    java.nio.file.Files.writeString(script, "SELECT count(*) FROM fleet_t;\n");
    try (ReadyBalancer lb = new ReadyBalancer(fleet.proxies)) {
      java.util.concurrent.atomic.AtomicBoolean restarting =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      // pgbench -C (a new connection per transaction) in consecutive 5 s runs for the whole
      // rolling restart: every transaction connects through the balancer anew, so each restart
      // is met by connections arriving before, during and after it.
      // Threads of their own: the common pool has one thread on a 2-core machine.
      java.util.concurrent.ExecutorService load =
          java.util.concurrent.Executors.newFixedThreadPool(3);
      CompletableFuture<List<String>> bench =
          CompletableFuture.supplyAsync(() -> benchWhile(restarting, lb.port(), script), load);
      // A blocked statement sent through the fleet, over and over, meanwhile: refused every time.
      CompletableFuture<List<String>> enforced =
          CompletableFuture.supplyAsync(() -> blockedWhile(restarting, lb.port()), load);
      int[] servedAtReady = new int[fleet.proxies.size()];
      try {
        Thread.sleep(3_000);
        for (int i = 0; i < fleet.proxies.size(); i++) {
          Fleet.Proxy p = fleet.proxies.get(i);
          int before = lb.served(i);
          awaitServed(lb, i, before + 1, Duration.ofSeconds(60)); // it serves before it stops
          // A transaction in flight at SIGTERM, on a session the node accepted while ready: the
          // drain lets it finish.
          try (Connection direct =
                  DriverManager.getConnection(
                      fleet.jdbcUrl(p.pgPort()),
                      PostgresServer.SCRAM_USER,
                      PostgresServer.SCRAM_PASSWORD);
              Statement st = direct.createStatement()) {
            CompletableFuture<Long> inFlight =
                CompletableFuture.supplyAsync(
                    () -> {
                      try (var rs = st.executeQuery(DRAIN_QUERY)) {
                        rs.next();
                        return rs.getLong(1);
                      } catch (SQLException e) {
                        throw new java.util.concurrent.CompletionException(e);
                      }
                    },
                    load);
            awaitActive(DRAIN_QUERY, Duration.ofSeconds(30));
            p.process().terminate(); // SIGTERM: not ready, unbind, leave, drain, stop
            awaitReadyz(p, 503, Duration.ofSeconds(20));
            assertTrue(!inFlight.isDone(), "the query ended before the drain began");
            assertEquals(DRAIN_ROWS, inFlight.get(90, TimeUnit.SECONDS), p.process().name());
          }
          p.process().waitForExit(Duration.ofSeconds(90));
          p.process().restart();
          p.process().awaitOk(p.adminPort(), "/readyz", Duration.ofSeconds(180));
          for (Fleet.Proxy q : fleet.proxies) {
            awaitMetric(q, "vetro_proxy_cluster_members_up", 3, Duration.ofSeconds(120));
          }
          servedAtReady[i] = lb.served(i);
        }
        // every node serves again after its restart
        for (int i = 0; i < fleet.proxies.size(); i++) {
          awaitServed(lb, i, servedAtReady[i] + 1, Duration.ofSeconds(60));
        }
      } finally {
        restarting.set(false);
        load.shutdown();
      }
      List<String> runs = bench.get(120, TimeUnit.SECONDS);
      List<String> blocked = enforced.get(120, TimeUnit.SECONDS);
      long transactions = 0;
      for (String out : runs) {
        assertTrue(out.startsWith("exit 0\n"), out);
        assertTrue(out.contains("number of failed transactions: 0"), out);
        assertTrue(!out.contains("aborted"), out);
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("number of transactions actually processed: (\\d+)")
                .matcher(out);
        assertTrue(m.find(), out);
        transactions += Long.parseLong(m.group(1));
      }
      List<String> notRefused = blocked.stream().filter(r -> !r.equals("42501")).toList();
      assertTrue(notRefused.isEmpty(), "blocked statement not refused: " + notRefused);
      assertTrue(blocked.size() >= 3, "too few enforcement checks: " + blocked.size());
      assertEquals(0, lb.unrouted(), "connections no ready node took");
      List<String> perNode = new ArrayList<>();
      for (int i = 0; i < fleet.proxies.size(); i++) {
        perNode.add(
            fleet.proxies.get(i).process().name()
                + " served "
                + lb.served(i)
                + " (refused after not-ready, before the next poll: "
                + lb.refused(i)
                + ")");
      }
      System.out.println(
          "rolling restart: "
              + runs.size()
              + " pgbench -C runs, "
              + transactions
              + " transactions, 0 failed; "
              + blocked.size()
              + " blocked statements all refused (42501); "
              + perNode);
    }
  }

  private static final long DRAIN_ROWS = 20_000_000L;

  /** Some seconds of work on one core; pg_sleep is blocked by the default catalog. */
  private static final String DRAIN_QUERY =
      "SELECT count(*) FROM generate_series(1, " + DRAIN_ROWS + ")";

  /** Until PostgreSQL shows {@code query} executing. */
  private static void awaitActive(String query, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c =
            DriverManager.getConnection(
                fleet.pg.superuserJdbcUrl(),
                PostgresServer.SUPERUSER,
                PostgresServer.SUPERUSER_PASSWORD);
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (var rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = '"
                    + query.replace("'", "''")
                    + "'")) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("never running: " + query);
  }

  /** Runs {@code pgbench -C -T 5} through the balancer until {@code on} is false. */
  private static List<String> benchWhile(
      java.util.concurrent.atomic.AtomicBoolean on, int port, Path script) {
    List<String> outputs = new ArrayList<>();
    try {
      do {
        Process p =
            new ProcessBuilder(
                    Tools.pgbench().toString(),
                    "-C",
                    "-n",
                    "-f",
                    script.toString(),
                    "-c",
                    "2",
                    "-j",
                    "1",
                    "-T",
                    "5",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-U",
                    PostgresServer.TRUST_USER,
                    PostgresServer.DATABASE)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          outputs.add("exit timeout\n" + out);
          return outputs;
        }
        outputs.add("exit " + p.exitValue() + "\n" + out);
      } while (on.get());
    } catch (Exception e) {
      outputs.add("exit exception\n" + e);
    }
    return outputs;
  }

  /**
   * Sends {@code DELETE FROM fleet_t} (VETRO-001) on a new connection through the balancer every
   * 200 ms until {@code on} is false; one result per try: the SQLSTATE, or what happened instead.
   */
  private static List<String> blockedWhile(java.util.concurrent.atomic.AtomicBoolean on, int port) {
    List<String> results = new ArrayList<>();
    do {
      try (Connection c =
              DriverManager.getConnection(
                  fleet.jdbcUrl(port), PostgresServer.SCRAM_USER, PostgresServer.SCRAM_PASSWORD);
          Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM fleet_t");
        results.add("executed");
      } catch (SQLException e) {
        results.add(e.getSQLState() == null ? e.toString() : e.getSQLState());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        break;
      }
    } while (on.get());
    return results;
  }

  private static void awaitServed(ReadyBalancer lb, int i, int atLeast, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lb.served(i) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            fleet.proxies.get(i).process().name() + " served no new connection within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  // --- helpers

  private static void run(List<String> command, Duration timeout) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", PostgresServer.SUPERUSER_PASSWORD);
    Process p = pb.start();
    assertTrue(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), command + " timed out");
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), out);
  }

  private static long awaitAllowed(Connection c, long t0, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Statement s = c.createStatement()) {
      while (true) {
        try {
          s.executeUpdate("DELETE FROM fleet_t");
          return (System.nanoTime() - t0) / 1_000_000;
        } catch (SQLException e) {
          if (!"42501".equals(e.getSQLState()) || System.nanoTime() > deadline) {
            throw new AssertionError(
                "policy change not seen: " + e.getMessage() + "\n" + fleet.logs(), e);
          }
        }
        Thread.sleep(50);
      }
    }
  }

  private static JsonNode awaitStatus(int proxies, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode status;
    do {
      status = fleet.status();
      if (status.path("proxies").size() >= proxies) {
        return status;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return status;
  }

  private static HttpResponse<String> awaitReadyz(Fleet.Proxy p, int status, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> r = null;
    while (System.nanoTime() < deadline) {
      r = NodeProcess.get(p.adminPort(), "/readyz");
      if (r != null && r.statusCode() == status) {
        return r;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "/readyz never answered "
            + status
            + " (last "
            + (r == null ? "none" : r.statusCode())
            + ")");
  }

  private static double metric(Fleet.Proxy p, String name, String... labels) throws Exception {
    return Scrape.value(Scrape.metrics(p.adminPort()), name, labels);
  }

  private static void awaitMetric(
      Fleet.Proxy p, String name, double expected, Duration timeout, String... labels)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    double last = Double.NaN;
    while (System.nanoTime() < deadline) {
      try {
        last = metric(p, name, labels);
        if (last == expected) {
          return;
        }
      } catch (AssertionError | java.io.IOException notYet) {
        // metric not there yet, or the node is restarting
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        p.process().name()
            + ": "
            + name
            + " is "
            + last
            + ", expected "
            + expected
            + "\n"
            + fleet.logs());
  }
}
