package dev.vetro.proxy.metrics;

/** One named metric with its help text, rendered in the Prometheus text format (0.0.4). */
public sealed interface MetricFamily
    permits BytesRelayed, Counter, FunctionCounter, LabeledCounter, Gauge, Histogram {
  String name();

  String help();

  /** {@code counter}, {@code gauge} or {@code histogram}. */
  String type();

  /** Appends the sample lines (no HELP/TYPE lines). */
  void writeSamples(StringBuilder out);
}
