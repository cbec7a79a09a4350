package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One pgbench invocation against one endpoint, and the figures parsed from its summary. */
final class PgbenchRun {
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: ([0-9]+)");

  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: ([0-9]+)");

  /**
   * What one run measured; {@code failed} counts transactions pgbench reported as failed; {@code
   * middleCpu} is what the middle hop's process (PgBouncer or the proxy) spent, null direct.
   */
  record Result(
      Endpoint endpoint,
      String workload,
      int round,
      double tps,
      double latencyMs,
      long failed,
      long transactions,
      ProcessCpu middleCpu) {
    /** CPU the middle hop spent per transaction, in µs; NaN for direct PostgreSQL. */
    double cpuMicrosPerTx() {
      return middleCpu == null || transactions == 0
          ? Double.NaN
          : middleCpu.cpuNanos() / 1000.0 / transactions;
    }

    /** Context switches of the middle hop's threads per transaction; NaN for direct PostgreSQL. */
    double switchesPerTx() {
      return middleCpu == null || transactions == 0
          ? Double.NaN
          : (double) middleCpu.contextSwitches() / transactions;
    }
  }

  /** A pgbench workload: {@code -S} or the default TPC-B-like script, with a query mode. */
  record Workload(String name, List<String> args) {}

  private PgbenchRun() {}

  static Result run(
      Path pgbench,
      Endpoint endpoint,
      Workload workload,
      int round,
      int clients,
      int threads,
      int seconds,
      Map<String, String> env) {
    List<String> command =
        new ArrayList<>(
            List.of(
                pgbench.toString(),
                "-h",
                endpoint.host(),
                "-p",
                Integer.toString(endpoint.port()),
                "-U",
                endpoint.user(),
                "-c",
                Integer.toString(clients),
                "-j",
                Integer.toString(threads),
                "-T",
                Integer.toString(seconds),
                "-n"));
    command.addAll(workload.args());
    command.add(endpoint.database());
    ProcessCpu before = endpoint.pid() == 0 ? null : ProcessCpu.of(endpoint.pid());
    ProcessRunner.Result result =
        ProcessRunner.of(command)
            .env(env)
            .timeout(Duration.ofSeconds(seconds * 3L + 60))
            .run()
            .requireSuccess();
    // Includes connection setup, which -T runs amortise over tens of thousands of transactions.
    ProcessCpu spent = before == null ? null : ProcessCpu.of(endpoint.pid()).minus(before);
    String out = result.stdout();
    return new Result(
        endpoint,
        workload.name(),
        round,
        number(TPS, out, result),
        number(LATENCY, out, result),
        (long) numberOr(FAILED, out, 0),
        (long) number(PROCESSED, out, result),
        spent);
  }

  private static double number(Pattern pattern, String out, ProcessRunner.Result result) {
    Matcher m = pattern.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException(
          "pgbench printed no '" + pattern.pattern() + "':\n" + result.describe());
    }
    return Double.parseDouble(m.group(1));
  }

  private static double numberOr(Pattern pattern, String out, double fallback) {
    Matcher m = pattern.matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : fallback;
  }
}
