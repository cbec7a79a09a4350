package dev.vetro.loadtest.pgbench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Markdown for docs/benchmarks.md: medians over rounds, every round listed, ratios in the same run.
 */
final class Report {
  private Report() {}

  static String markdown(
      PgbenchCompare.Options o, List<PgbenchRun.Result> results, IdleHeap idle, Duration took) {
    StringBuilder md = new StringBuilder();
    md.append("Command: `loadtest/bin/pgbench-compare ")
        .append(String.join(" ", o.argv))
        .append("`  \n");
    md.append(
        String.format(
            "Settings: %d rounds × %d s per endpoint and workload after a %d s warm-up of each,"
                + " `-c %d -j %d`, scale %d, endpoint order rotated each round; %s; run took %d min.%n%n",
            o.rounds,
            o.seconds,
            o.warmupSeconds,
            o.clients,
            o.threads,
            o.scale,
            machine(),
            took.toMinutes()));
    md.append(
        "| workload | endpoint | TPS (median) | rounds | latency avg ms (median) | added latency µs vs direct"
            + " | × direct | × PgBouncer | × PgBouncer per round | middle-hop CPU µs/tx | ctx switches/tx | failed |\n");
    md.append("|---|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    Map<String, List<PgbenchRun.Result>> byWorkload =
        results.stream()
            .collect(
                Collectors.groupingBy(
                    PgbenchRun.Result::workload, LinkedHashMap::new, Collectors.toList()));
    byWorkload.forEach(
        (workload, rs) -> {
          Map<String, List<PgbenchRun.Result>> byEndpoint =
              rs.stream()
                  .collect(
                      Collectors.groupingBy(
                          r -> r.endpoint().name(), LinkedHashMap::new, Collectors.toList()));
          double direct = median(byEndpoint.get("direct"), PgbenchRun.Result::tps);
          double bouncer = median(byEndpoint.get("pgbouncer"), PgbenchRun.Result::tps);
          double directLatency = median(byEndpoint.get("direct"), PgbenchRun.Result::latencyMs);
          for (String name :
              byEndpoint.keySet().stream().sorted(Comparator.comparingInt(Report::rank)).toList()) {
            List<PgbenchRun.Result> mine = byEndpoint.get(name);
            double tps = median(mine, PgbenchRun.Result::tps);
            double latency = median(mine, PgbenchRun.Result::latencyMs);
            md.append(
                String.format(
                    "| `%s` | %s | %.0f | %s | %.3f | %s | %.3f | %.3f | %s | %s | %s | %d |%n",
                    workload,
                    name,
                    tps,
                    mine.stream()
                        .map(r -> String.format("%.0f", r.tps()))
                        .collect(Collectors.joining(" / ")),
                    latency,
                    name.equals("direct")
                        ? "–"
                        : String.format("%+.0f", (latency - directLatency) * 1000),
                    tps / direct,
                    tps / bouncer,
                    perRound(mine, byEndpoint.get("pgbouncer")),
                    orDash(median(mine, PgbenchRun.Result::cpuMicrosPerTx), "%.1f"),
                    orDash(median(mine, PgbenchRun.Result::switchesPerTx), "%.2f"),
                    mine.stream().mapToLong(PgbenchRun.Result::failed).sum()));
          }
        });
    if (idle != null) {
      md.append(
          String.format(
              "%nIdle connections: %d authenticated idle sessions through the proxy (upstream:"
                  + " PgBouncer in transaction mode). Live heap after full GC %.1f MiB → %.1f MiB:"
                  + " **%.1f KiB heap per idle connection**; RSS %.1f → %.1f MiB (%.1f KiB per connection).%n",
              idle.connections(),
              idle.baselineHeap() / 1048576.0,
              idle.loadedHeap() / 1048576.0,
              idle.heapPerConnection() / 1024,
              idle.baselineRss() / 1048576.0,
              idle.loadedRss() / 1048576.0,
              idle.rssPerConnection() / 1024));
    }
    return md.toString();
  }

  /** direct, pgbouncer, then the Vetro endpoints in name order. */
  private static int rank(String endpoint) {
    return switch (endpoint) {
      case "direct" -> 0;
      case "pgbouncer" -> 1;
      case "vetro" -> 2;
      default -> 3;
    };
  }

  /** This endpoint's TPS over PgBouncer's in the same round: how much the ratio moves. */
  private static String perRound(List<PgbenchRun.Result> mine, List<PgbenchRun.Result> bouncer) {
    Map<Integer, Double> bouncerByRound = new HashMap<>();
    bouncer.forEach(r -> bouncerByRound.put(r.round(), r.tps()));
    return mine.stream()
        .map(
            r ->
                String.format("%.2f", r.tps() / bouncerByRound.getOrDefault(r.round(), Double.NaN)))
        .collect(Collectors.joining(" / "));
  }

  private static double median(
      List<PgbenchRun.Result> rs, java.util.function.ToDoubleFunction<PgbenchRun.Result> f) {
    List<Double> values = new ArrayList<>();
    rs.forEach(r -> values.add(f.applyAsDouble(r)));
    values.sort(Double::compare);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  private static String orDash(double value, String format) {
    return Double.isNaN(value) ? "–" : String.format(format, value);
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, Java "
        + System.getProperty("java.version");
  }
}
