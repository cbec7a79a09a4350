package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.PgBouncerServer;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one transaction costs the middle hop, the proxy against PgBouncer (session mode) on the same
 * PostgreSQL: CPU µs per transaction, user and system apart (from /proc/PID/stat), and system calls
 * per transaction by kind (from {@code perf stat} on the syscall tracepoints, when perf can count
 * them). On a shared 2-core box TPS moves by ±30% between runs; these per-transaction figures move
 * far less, and on such a box they are what decides the TPS ratio (the middle hop's CPU is taken
 * from PostgreSQL and pgbench).
 *
 * <p>The syscall counts are taken in the same run as the CPU figures; counting tracepoints costs
 * both processes alike (a little system time per call).
 */
public final class CpuPerTx {
  private static final String USER = PostgresServer.SUPERUSER;
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  /** The calls a relay makes; the total counts every kind, these are shown apart. */
  private static final List<String> SYSCALLS =
      List.of(
          "read",
          "write",
          "readv",
          "writev",
          "recvfrom",
          "sendto",
          "epoll_wait",
          "epoll_ctl",
          "futex");

  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: ([0-9]+)");
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern PERF_LINE = Pattern.compile("^\\s*([0-9]+)[,;][^,;]*[,;]([^,;]+)");

  private CpuPerTx() {}

  public static void main(String[] args) throws Exception {
    int seconds = 15;
    int rounds = 1; // measured passes per workload, endpoint order rotated each pass
    int warmup = 30;
    int clients = 16;
    int threads = 2;
    boolean syscalls = true;
    Path record = null; // a perf profile of the proxy per workload, in this directory
    List<String> jvmOptions = new ArrayList<>();
    // A second proxy (endpoint vetro-b) with these JVM options on top, measured in the same run:
    // an A/B of a JVM setting that the box's drift between runs cannot fake.
    List<String> variantOptions = new ArrayList<>();
    String workloads = "select-simple,select-extended,select-prepared";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--workloads" -> workloads = args[++i];
        case "--proxy-jvm-option" -> jvmOptions.add(args[++i]);
        case "--variant-jvm-option" -> variantOptions.add(args[++i]);
        case "--no-syscalls" -> syscalls = false;
        case "--perf-record" -> record = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (known: --seconds --rounds --warmup --clients --threads --workloads"
                    + " --proxy-jvm-option --variant-jvm-option --no-syscalls --perf-record DIR)"
                    + (value == null ? "" : ""));
      }
    }
    List<PgbenchRun.Workload> chosen = new ArrayList<>();
    for (String name : workloads.split(",")) {
      PgbenchRun.Workload w = PgbenchCompare.Options.KNOWN.get(name.trim());
      if (w == null) {
        throw new IllegalArgumentException("unknown workload " + name);
      }
      chosen.add(w);
    }
    if (syscalls && !perfWorks()) {
      log("perf cannot count syscall tracepoints here: CPU figures only");
      syscalls = false;
    }
    if (record != null) {
      Files.createDirectories(record);
      // JIT-compiled frames get names in perf report from /tmp/perf-PID.map, written at exit.
      jvmOptions.add("-XX:+UnlockDiagnosticVMOptions");
      jvmOptions.add("-XX:+DumpPerfMapAtExit");
    }
    Path pgbench = Tools.pgbench();
    Map<String, String> env =
        Map.of("PGPASSWORD", PostgresServer.SUPERUSER_PASSWORD, "PGSSLMODE", "disable");
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-16s %-9s %9s %9s %8s %8s %8s  %s%n",
            "workload", "endpoint", "tps", "tx", "cpu µs", "user", "sys", "syscalls per tx"));
    try (PostgresServer pg =
            PostgresServer.start(PostgresServer.Options.defaults().withMaxConnections(100));
        PgBouncerServer bouncer =
            PgBouncerServer.start(
                pg, PgBouncerServer.Options.defaults().withDefaultPoolSize(clients + 4));
        ProxyProcess proxy = ProxyProcess.start(pg.host(), pg.port(), jvmOptions, Map.of());
        ProxyProcess variant =
            variantOptions.isEmpty()
                ? null
                : ProxyProcess.start(
                    pg.host(), pg.port(), concat(jvmOptions, variantOptions), Map.of())) {
      ProcessRunner.of(
              pgbench.toString(),
              "-i",
              "-q",
              "-s",
              "10",
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
                  new Endpoint(
                      "pgbouncer",
                      bouncer.host(),
                      bouncer.port(),
                      USER,
                      pg.database(),
                      bouncer.pid()),
                  new Endpoint(
                      "vetro", "127.0.0.1", proxy.port(), USER, pg.database(), proxy.pid())));
      if (variant != null) {
        endpoints.add(
            new Endpoint(
                "vetro-b", "127.0.0.1", variant.port(), USER, pg.database(), variant.pid()));
      }
      boolean first = true;
      for (PgbenchRun.Workload w : chosen) {
        for (Endpoint e : endpoints) {
          // The JIT needs the first, long warm-up; later workloads share most of the hot path.
          int warm = first ? warmup : Math.max(5, warmup / 4);
          log("warm-up " + w.name() + " " + e.name() + " " + warm + " s");
          pgbench(pgbench, e, w, clients, threads, warm, env);
        }
        first = false;
        for (int pass = 0; pass < rounds * endpoints.size(); pass++) {
          Endpoint e = endpoints.get((pass + pass / endpoints.size()) % endpoints.size());
          long[] before = cpuTicks(e.pid());
          Map<String, Long> threadsBefore = threadTicks(e.pid());
          ProcessRunner.Background perf = syscalls ? perfStat(e.pid(), seconds + 1) : null;
          ProcessRunner.Background profile =
              record != null && e.name().equals("vetro")
                  ? ProcessRunner.of(
                          "perf",
                          "record",
                          "-F",
                          "997",
                          "-p",
                          Long.toString(e.pid()),
                          "-o",
                          record
                              .resolve("vetro-" + w.name().replaceAll("[^a-z]+", "") + ".data")
                              .toString(),
                          "--",
                          "sleep",
                          Integer.toString(seconds))
                      .start()
                  : null;
          ProcessRunner.Result run = pgbench(pgbench, e, w, clients, threads, seconds, env);
          long[] after = cpuTicks(e.pid());
          Map<String, Long> threadsAfter = threadTicks(e.pid());
          Map<String, Long> counts = perf == null ? Map.of() : perfCounts(perf);
          if (profile != null) {
            perfCounts(profile); // waits for it
          }
          long tx = Long.parseLong(find(PROCESSED, run.stdout()));
          double user = (after[0] - before[0]) * NANOS_PER_TICK / 1000.0 / tx;
          double sys = (after[1] - before[1]) * NANOS_PER_TICK / 1000.0 / tx;
          StringBuilder calls = new StringBuilder();
          counts.forEach(
              (name, n) -> {
                if (n > 0) {
                  calls.append(String.format("%s %.2f  ", name, (double) n / tx));
                }
              });
          String line =
              String.format(
                  "%-16s %-9s %9.0f %9d %8.1f %8.1f %8.1f  %s",
                  w.name(),
                  e.name(),
                  Double.parseDouble(find(TPS, run.stdout())),
                  tx,
                  user + sys,
                  user,
                  sys,
                  calls.toString().trim());
          log(line);
          table.append(line).append('\n');
          String threadsLine = threadShares(threadsBefore, threadsAfter, tx);
          if (!threadsLine.isEmpty()) {
            log("  by thread, µs/tx: " + threadsLine);
            table.append("  by thread, µs/tx: ").append(threadsLine).append('\n');
          }
        }
      }
    }
    if (record != null) {
      log(
          "profiles in "
              + record
              + ": perf report -i FILE --sort sym (symbols from /tmp/perf-PID.map)");
    }
    System.out.println();
    System.out.printf(
        "pgbench -c %d -j %d, %d s per endpoint and workload; CPU and syscalls of the middle"
            + " hop's process per transaction%n",
        clients, threads, seconds);
    if (!variantOptions.isEmpty()) {
      System.out.println("vetro-b: the proxy with " + variantOptions + " on top");
    }
    System.out.print(table);
  }

  private static ProcessRunner.Result pgbench(
      Path pgbench,
      Endpoint e,
      PgbenchRun.Workload w,
      int clients,
      int threads,
      int seconds,
      Map<String, String> env) {
    List<String> command =
        new ArrayList<>(
            List.of(
                pgbench.toString(),
                "-h",
                e.host(),
                "-p",
                Integer.toString(e.port()),
                "-U",
                e.user(),
                "-c",
                Integer.toString(clients),
                "-j",
                Integer.toString(threads),
                "-T",
                Integer.toString(seconds),
                "-n"));
    command.addAll(w.args());
    command.add(e.database());
    return ProcessRunner.of(command)
        .env(env)
        .timeout(Duration.ofSeconds(seconds * 3L + 60))
        .run()
        .requireSuccess();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** utime and stime of the whole process, in clock ticks. */
  private static long[] cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc for pid " + pid, e);
    }
  }

  /**
   * utime + stime per thread name (threads of a pool share a name once its digits are dropped), in
   * clock ticks: which part of the process the CPU went to (event loop, GC, JIT, scheduler tick).
   */
  private static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (var dirs = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) dirs::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(
              name.replaceAll("[0-9]+", "#"),
              Long.parseLong(f[11]) + Long.parseLong(f[12]),
              Long::sum);
        } catch (IOException | RuntimeException threadEnded) {
          // a thread that ended between listing and reading
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the threads of pid " + pid, e);
    }
    return ticks;
  }

  /** Threads that took at least 0.5 µs/tx, largest first; empty for a one-thread process. */
  private static String threadShares(Map<String, Long> before, Map<String, Long> after, long tx) {
    if (after.size() <= 1) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    after.entrySet().stream()
        .map(
            t ->
                Map.entry(
                    t.getKey(),
                    (t.getValue() - before.getOrDefault(t.getKey(), 0L))
                        * NANOS_PER_TICK
                        / 1000.0
                        / tx))
        .filter(t -> t.getValue() >= 0.5)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(t -> out.append(String.format("%s %.1f  ", t.getKey(), t.getValue())));
    return out.toString().trim();
  }

  private static List<String> perfCommand(String target, String... tail) {
    List<String> command = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-e"));
    StringBuilder events = new StringBuilder("raw_syscalls:sys_enter");
    for (String call : SYSCALLS) {
      events.append(",syscalls:sys_enter_").append(call);
    }
    command.add(events.toString());
    if (target != null) {
      command.addAll(List.of("-p", target));
    }
    command.add("--");
    command.addAll(List.of(tail));
    return command;
  }

  private static boolean perfWorks() {
    try {
      return ProcessRunner.of(perfCommand(null, "true"))
          .timeout(Duration.ofSeconds(30))
          .run()
          .succeeded();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static ProcessRunner.Background perfStat(long pid, int seconds) {
    return ProcessRunner.of(perfCommand(Long.toString(pid), "sleep", Integer.toString(seconds)))
        .start();
  }

  /** Waits for perf to finish and reads its CSV: event name → count. */
  private static Map<String, Long> perfCounts(ProcessRunner.Background perf) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (perf.isAlive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String line : perf.output().split("\n")) {
      Matcher m = PERF_LINE.matcher(line);
      if (m.find()) {
        String event = m.group(2).trim();
        String name =
            event.equals("raw_syscalls:sys_enter")
                ? "all"
                : event.substring(event.lastIndexOf("sys_enter_") + "sys_enter_".length());
        counts.put(name, Long.parseLong(m.group(1)));
      }
    }
    perf.stop();
    return counts;
  }

  private static String find(Pattern pattern, String out) {
    Matcher m = pattern.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("pgbench printed no '" + pattern.pattern() + "':\n" + out);
    }
    return m.group(1);
  }

  private static void log(String line) {
    System.err.println("[proxy-cpu-per-tx] " + line);
  }
}
