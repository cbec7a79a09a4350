package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.PgBouncerServer;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs pgbench against direct PostgreSQL, PgBouncer (session mode) and the Vetro proxy in
 * interleaved rounds (the endpoint order rotates each round, so drift on a shared machine hits all
 * three alike), then measures the proxy's heap per idle client connection. All three share one
 * PostgreSQL started here, so the ratios compare like with like.
 */
public final class PgbenchCompare {
  private static final String USER = PostgresServer.SUPERUSER;

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path pgbench = Tools.pgbench();
    Map<String, String> env =
        Map.of("PGPASSWORD", PostgresServer.SUPERUSER_PASSWORD, "PGSSLMODE", "disable");
    List<PgbenchRun.Result> results = new ArrayList<>();
    IdleHeap idleHeap = null;
    Instant started = Instant.now();
    try (PostgresServer pg =
            PostgresServer.start(PostgresServer.Options.defaults().withMaxConnections(400));
        PgBouncerServer bouncer =
            PgBouncerServer.start(
                pg, PgBouncerServer.Options.defaults().withDefaultPoolSize(o.clients + 4));
        ProxyProcess proxy = ProxyProcess.start(pg.host(), pg.port(), o.proxyJvmOptions, Map.of());
        ProxyProcess transparent =
            o.transparent
                ? ProxyProcess.start(
                    TransparentProxyMain.class.getName(),
                    pg.host(),
                    pg.port(),
                    o.proxyJvmOptions,
                    Map.of())
                : null) {
      log("initialising pgbench tables (scale " + o.scale + ")");
      ProcessRunner.of(
              pgbench.toString(),
              "-i",
              "-q",
              "-s",
              Integer.toString(o.scale),
              "-h",
              pg.host(),
              "-p",
              Integer.toString(pg.port()),
              "-U",
              USER,
              pg.database())
          .env(env)
          .timeout(Duration.ofMinutes(10))
          .run()
          .requireSuccess();
      List<Endpoint> endpoints =
          new ArrayList<>(
              List.of(
                  new Endpoint("direct", pg.host(), pg.port(), USER, pg.database(), 0),
                  new Endpoint(
                      "pgbouncer",
                      bouncer.host(),
                      bouncer.port(),
                      USER,
                      pg.database(),
                      bouncer.pid()),
                  new Endpoint(
                      "vetro", "127.0.0.1", proxy.port(), USER, pg.database(), proxy.pid())));
      if (transparent != null) {
        endpoints.add(
            new Endpoint(
                "vetro-transparent",
                "127.0.0.1",
                transparent.port(),
                USER,
                pg.database(),
                transparent.pid()));
      }
      for (PgbenchRun.Workload w : o.workloads) {
        log("warm-up " + w.name());
        for (Endpoint e : endpoints) {
          PgbenchRun.run(pgbench, e, w, 0, o.clients, o.threads, o.warmupSeconds, env);
        }
      }
      for (int round = 1; round <= o.rounds; round++) {
        for (PgbenchRun.Workload w : o.workloads) {
          for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get((i + round) % endpoints.size());
            PgbenchRun.Result r =
                PgbenchRun.run(pgbench, e, w, round, o.clients, o.threads, o.seconds, env);
            log(
                String.format(
                    "round %d %-16s %-9s %10.1f tps %7.3f ms %6.1f µs cpu/tx %5.2f cs/tx",
                    round,
                    w.name(),
                    e.name(),
                    r.tps(),
                    r.latencyMs(),
                    r.cpuMicrosPerTx(),
                    r.switchesPerTx()));
            results.add(r);
          }
        }
      }
      if (o.idleConnections > 0) {
        idleHeap = IdleHeap.measure(pg, o.idleConnections, o.proxyJvmOptions);
      }
    }
    String report = Report.markdown(o, results, idleHeap, Duration.between(started, Instant.now()));
    Files.createDirectories(o.out.toAbsolutePath().getParent());
    Files.writeString(o.out, report);
    System.out.println(report);
    log("report written to " + o.out);
  }

  static void log(String line) {
    System.err.println("[pgbench-compare] " + line);
  }

  /** Command-line options; every figure in the report names the values it ran with. */
  static final class Options {
    int rounds = 3;
    int seconds = 20;

    /**
     * Per endpoint and workload before the measured rounds. The proxy is a JVM and a proxy runs for
     * days: on this 2-core box its JIT was still compiling the hot path after 15 s of load (user
     * CPU per transaction about twice the steady state between 15 and 30 s), so 45 s.
     */
    int warmupSeconds = 45;

    int clients = 16;
    int threads = 2;
    int scale = 10;
    int idleConnections = 5000;

    /**
     * Also run the proxy with no policy (endpoint {@code vetro-transparent}): the transport alone.
     */
    boolean transparent = true;

    Path out = Path.of("loadtest/target/pgbench-report.md");
    List<String> proxyJvmOptions = new ArrayList<>(List.of());
    List<PgbenchRun.Workload> workloads = new ArrayList<>();
    final List<String> argv = new ArrayList<>();

    static final Map<String, PgbenchRun.Workload> KNOWN = new LinkedHashMap<>();

    static {
      KNOWN.put(
          "select-simple", new PgbenchRun.Workload("-S -M simple", List.of("-S", "-M", "simple")));
      KNOWN.put(
          "select-extended",
          new PgbenchRun.Workload("-S -M extended", List.of("-S", "-M", "extended")));
      KNOWN.put(
          "select-prepared",
          new PgbenchRun.Workload("-S -M prepared", List.of("-S", "-M", "prepared")));
      KNOWN.put("tpcb-simple", new PgbenchRun.Workload("tpcb -M simple", List.of("-M", "simple")));
    }

    static Options parse(String[] args) {
      Options o = new Options();
      o.argv.addAll(List.of(args));
      String workloads = "select-simple,select-prepared";
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--rounds" -> {
            o.rounds = Integer.parseInt(value);
            i++;
          }
          case "--seconds" -> {
            o.seconds = Integer.parseInt(value);
            i++;
          }
          case "--warmup" -> {
            o.warmupSeconds = Integer.parseInt(value);
            i++;
          }
          case "--clients" -> {
            o.clients = Integer.parseInt(value);
            i++;
          }
          case "--threads" -> {
            o.threads = Integer.parseInt(value);
            i++;
          }
          case "--scale" -> {
            o.scale = Integer.parseInt(value);
            i++;
          }
          case "--idle-connections" -> {
            o.idleConnections = Integer.parseInt(value);
            i++;
          }
          case "--out" -> {
            o.out = Path.of(value);
            i++;
          }
          case "--workloads" -> {
            workloads = value;
            i++;
          }
          case "--proxy-jvm-option" -> {
            o.proxyJvmOptions.add(value);
            i++;
          }
          case "--no-transparent" -> o.transparent = false;
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + " (known: --rounds --seconds --warmup --clients --threads --scale --idle-connections --out"
                      + " --workloads "
                      + KNOWN.keySet()
                      + " --proxy-jvm-option --no-transparent)");
        }
      }
      for (String name : workloads.split(",")) {
        PgbenchRun.Workload w = KNOWN.get(name.trim());
        if (w == null) {
          throw new IllegalArgumentException(
              "unknown workload " + name + "; known: " + KNOWN.keySet());
        }
        o.workloads.add(w);
      }
      return o;
    }
  }
}
