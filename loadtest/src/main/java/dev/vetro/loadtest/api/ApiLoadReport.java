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

  /** The targets: accepted answers within 20 ms p99, refusals within 50 ms p99. */
  static final long ACCEPTED_P99_MS = 20;

  static final long REFUSED_P99_MS = 50;

  record Phase(
      String name,
      int rate,
      int seconds,
      GatlingStats stats,
      Outcomes.Snapshot outcomes,
      long apiCpuNanos,
      long gatlingCpuNanos,
      String loadAverage) {
    /**
     * Every arrival of the open model answered 200 with p99 ≤ 20 ms: the node kept up (Gatling's
     * mean req/s divides by whole seconds of wall time, so it reads a little low and is not used).
     */
    boolean meets() {
      return outcomes.failed() == 0
          && outcomes.refused().count() == 0
          && outcomes.accepted().count() >= (long) rate * seconds
          && outcomes.accepted().p99() <= ACCEPTED_P99_MS;
    }

    /**
     * Past capacity, the overload target: no request failed or timed out, the accepted ones kept
     * p99 ≤ 20 ms and the refused ones were answered within 50 ms p99.
     */
    boolean shedsInTime() {
      return outcomes.failed() == 0
          && outcomes.accepted().p99() <= ACCEPTED_P99_MS
          && outcomes.refused().p99() <= REFUSED_P99_MS;
    }

    String verdict() {
      if (meets()) {
        return "met";
      }
      return outcomes.refused().count() > 0 && shedsInTime() ? "shed in time" : "no";
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
    static final History UNKNOWN = new History(Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1);

    /**
     * UNKNOWN when the node does not answer (a run that ended in collapse): the phases' figures are
     * the result and must still be written.
     */
    static History read(ApiAccount account) {
      try {
        return readOrThrow(account);
      } catch (RuntimeException e) {
        System.err.println("history not read, the node did not answer: " + e);
        return UNKNOWN;
      }
    }

    private static History readOrThrow(ApiAccount account) {
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
        .append("`")
        .append(
            o.apiEnv().isEmpty()
                ? ""
                : ", environment `"
                    + o.apiEnv().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining(" "))
                    + "`")
        .append("; warm-up ")
        .append(o.warmupSeconds())
        .append(" s ramping to ")
        .append(o.warmupRate())
        .append(" req/s before the measured phases.\n\n");
    b.append(
        "| phase | offered req/s | s | achieved req/s | accepted | acc. p50 ms | acc. p99 ms"
            + " | acc. max ms | refused (503) | ref. p50 ms | ref. p99 ms | ref. max ms"
            + " | failed (other status / no answer) | api-node CPU µs/req | Gatling CPU µs/req"
            + " | load avg | target |\n");
    b.append(
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Phase p : phases) {
      b.append(row(p));
    }
    b.append('\n');
    b.append(knee(phases)).append('\n');
    b.append(overload(phases)).append('\n');
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

  /**
   * The overload target read at the highest step: refusals answered within 50 ms p99 while the
   * accepted ones keep p99 ≤ 20 ms, and nothing left to time out.
   */
  static String overload(List<Phase> phases) {
    Phase top =
        phases.stream()
            .filter(p -> p.name().equals("step"))
            .max(java.util.Comparator.comparingInt(Phase::rate))
            .orElse(null);
    if (top == null) {
      return "Overload: no step-up run.";
    }
    Outcomes.Snapshot o = top.outcomes();
    return String.format(
        Locale.ROOT,
        "Overload, at the highest step (%d req/s offered): %d accepted, p99 %s ms (target ≤ %d);"
            + " %d refused with 503, p99 %s ms (target ≤ %d); %d failed or unanswered: %s.",
        top.rate(),
        o.accepted().count(),
        ms(o.accepted(), o.accepted().p99()),
        ACCEPTED_P99_MS,
        o.refused().count(),
        ms(o.refused(), o.refused().p99()),
        REFUSED_P99_MS,
        o.failed(),
        top.meets()
            ? "no overload at this rate (every request accepted in time)"
            : top.shedsInTime() ? "target met" : "target missed");
  }

  /** One phase's table row; a figure of an outcome that did not occur is "–". */
  static String row(Phase p) {
    Outcomes.Snapshot o = p.outcomes();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.0f | %d | %s | %s | %s | %d | %s | %s | %s | %d / %d | %s | %s | %s | %s |%n",
        p.name(),
        p.rate(),
        p.seconds(),
        p.stats().requestsPerSecond(),
        o.accepted().count(),
        ms(o.accepted(), o.accepted().p50()),
        ms(o.accepted(), o.accepted().p99()),
        ms(o.accepted(), o.accepted().max()),
        o.refused().count(),
        ms(o.refused(), o.refused().p50()),
        ms(o.refused(), o.refused().p99()),
        ms(o.refused(), o.refused().max()),
        o.otherStatus(),
        o.unanswered(),
        p.perRequest(p.apiCpuNanos()),
        p.perRequest(p.gatlingCpuNanos()),
        p.loadAverage(),
        p.verdict());
  }

  private static String ms(LatencyCounts.Summary s, long value) {
    return s.count() == 0 ? "–" : Long.toString(value);
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
                + " req/s (the last step that answered every request 200 within p99 ≤ 20 ms,"
                + " and the first that did not).";
      }
      lastGood = p;
    }
    return "Knee: above " + lastGood.rate() + " req/s (every step met the target).";
  }
}
