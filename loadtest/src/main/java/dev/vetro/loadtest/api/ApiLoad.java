package dev.vetro.loadtest.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loadtest/bin/api-load}: api-node in its own JVM (fresh data directory, embedded H2), an
 * account made over the API, then Gatling against {@code POST /api/v1/proxy/query}: a warm-up, a
 * step-up to find the knee, then the constant arrival rate. Writes a markdown summary.
 */
public final class ApiLoad {
  private ApiLoad() {}

  public static void main(String[] args) throws Exception {
    ApiLoadOptions o = ApiLoadOptions.parse(args);
    Path work = o.workDir().resolve("run-" + System.currentTimeMillis());
    Instant started = Instant.now();
    List<ApiLoadReport.Phase> phases = new ArrayList<>();
    ApiLoadReport.History history;
    try (ApiNodeProcess node =
        ApiNodeProcess.start(work.resolve("data"), o.apiJvmOptions(), o.apiEnv())) {
      ApiAccount account = ApiAccount.create(node.baseUrl());
      System.out.println(
          "api-node pid "
              + node.pid()
              + " at "
              + node.baseUrl()
              + ", database "
              + account.databaseId());
      Path results = work.resolve("gatling");
      if (o.warmupSeconds() > 0) {
        phase(node, account, results, "warm-up", o.warmupRate(), o.warmupSeconds(), true);
      }
      // steps first: a rate the node cannot sustain leaves queues and a burst of connections
      // behind, which would spoil every phase after it; the pause lets the node drain
      for (int rate : o.steps()) {
        phases.add(phase(node, account, results, "step", rate, o.stepSeconds(), false));
        pause();
      }
      if (o.constantSeconds() > 0) {
        phases.add(phase(node, account, results, "constant", o.rate(), o.constantSeconds(), false));
      }
      history = ApiLoadReport.History.read(account);
    }
    String report = ApiLoadReport.markdown(o, phases, history, started);
    Files.createDirectories(o.out().toAbsolutePath().getParent());
    Files.writeString(o.out(), report);
    System.out.println();
    System.out.println(report);
    System.out.println("report: " + o.out().toAbsolutePath());
    System.exit(0); // Gatling leaves non-daemon threads behind
  }

  private static ApiLoadReport.Phase phase(
      ApiNodeProcess node,
      ApiAccount account,
      Path results,
      String name,
      int rate,
      int seconds,
      boolean ramp) {
    ProxyQuerySimulation.Params params =
        new ProxyQuerySimulation.Params(
            node.baseUrl(), account.apiKey(), account.databaseId(), rate, seconds);
    long self = ProcessHandle.current().pid();
    long cpuBefore = ProcessCpuTime.nanos(node.pid());
    long gatlingBefore = ProcessCpuTime.nanos(self);
    GatlingRun.Result r =
        GatlingRun.run(ramp ? params.ramped() : params, results, name + "-" + rate);
    long cpu = delta(cpuBefore, ProcessCpuTime.nanos(node.pid()));
    long gatling =
        delta(gatlingBefore, ProcessCpuTime.nanos(self)); // includes Gatling's report generation
    return new ApiLoadReport.Phase(
        name, rate, seconds, r.stats(), r.outcomes(), cpu, gatling, loadAverage());
  }

  private static long delta(long before, long after) {
    return before < 0 || after < 0 ? -1 : after - before;
  }

  private static void pause() {
    try {
      Thread.sleep(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
