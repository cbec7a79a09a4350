package dev.vetro.loadtest.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The markdown summary of an {@link ApiLoad} run. */
final class ApiLoadReport {
  private ApiLoadReport() {}

  record Phase(
      String name,
      int rate,
      int seconds,
      GatlingStats stats,
      long apiCpuNanos,
      long gatlingCpuNanos,
      String loadAverage) {
    boolean meets() {
      return stats.meets(rate, seconds);
    }

    String perRequest(long nanos) {
      return nanos < 0 || stats.requests() == 0
          ? "?"
          : String.format(Locale.ROOT, "%.0f", nanos / 1000.0 / stats.requests());
    }
  }

  /**
   * What the history holds after the run, read over the API (metrics and the decisions listing).
   */
  record History(double decided, double recorded, double dropped, double blocked, int listed) {
    static History read(ApiAccount account) {
      // the recorder batches every 200 ms and the projection polls every 200 ms: give both a moment
      sleep(3000);
      JsonNode latest = account.latestDecisions(100);
      return new History(
          account.metric("vetro_api_decisions_total", null),
          account.metric("vetro_api_decisions_recorded_total", null),
          account.metric("vetro_api_decisions_dropped_total", null),
          account.metric("vetro_api_decisions_total", "decision=\"BLOCKED\""),
          latest.path("decisions").size());
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String markdown(ApiLoadOptions o, List<Phase> phases, History h, Instant started) {
    StringBuilder b = new StringBuilder();
    b.append("Run of ")
        .append(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC)
                .format(started))
        .append(", took ")
        .append(Duration.between(started, Instant.now()).toSeconds())
        .append(" s; ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores shared by api-node and Gatling; Java ")
        .append(System.getProperty("java.version"))
        .append(".\n\n");
    b.append("Command: `").append(o.command().strip()).append("`  \n");
    b.append("api-node JVM options: `")
        .append(String.join(" ", o.apiJvmOptions()))
        .append("`; warm-up ")
        .append(o.warmupSeconds())
        .append(" s ramping to ")
        .append(o.warmupRate())
        .append(" req/s before the measured phases.\n\n");
    b.append(
        "| phase | offered req/s | s | achieved req/s | requests | failed | p50 ms | p95 ms | p99 ms | max ms | api-node CPU µs/req | Gatling CPU µs/req | load avg | target met |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Phase p : phases) {
      GatlingStats s = p.stats();
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.0f | %d | %d | %.0f | %.0f | %.0f | %.0f | %s | %s | %s | %s |%n",
              p.name(),
              p.rate(),
              p.seconds(),
              s.requestsPerSecond(),
              s.requests(),
              s.failed(),
              s.p50(),
              s.p95(),
              s.p99(),
              s.max(),
              p.perRequest(p.apiCpuNanos()),
              p.perRequest(p.gatlingCpuNanos()),
              p.loadAverage(),
              p.meets() ? "yes" : "no"));
    }
    b.append('\n');
    b.append(knee(phases)).append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "History: %.0f decisions made (%.0f blocked), %.0f written to the journal, "
                + "%.0f dropped; the decisions listing (projection) returned %d of the newest 100 asked.%n",
            h.decided(),
            h.blocked(),
            h.recorded(),
            h.dropped(),
            h.listed()));
    return b.toString();
  }

  /** The highest step that met the target with every lower step meeting it too. */
  static String knee(List<Phase> phases) {
    List<Phase> steps = phases.stream().filter(p -> p.name().equals("step")).toList();
    if (steps.isEmpty()) {
      return "Knee: no step-up run.";
    }
    Phase lastGood = null;
    for (Phase p : steps) {
      if (!p.meets()) {
        return lastGood == null
            ? "Knee: below the first step (" + p.rate() + " req/s missed the target)."
            : "Knee: between "
                + lastGood.rate()
                + " and "
                + p.rate()
                + " req/s (the last step that met "
                + "p99 ≤ 20 ms with no errors at the offered rate, and the first that did not).";
      }
      lastGood = p;
    }
    return "Knee: above " + lastGood.rate() + " req/s (every step met the target).";
  }
}
