package dev.vetro.proxy.metrics;

import java.util.function.DoubleSupplier;

/** A value read when scraped (open sessions, buffered events, cluster members, policy age). */
public record Gauge(String name, String help, DoubleSupplier value) implements MetricFamily {
  @Override
  public String type() {
    return "gauge";
  }

  @Override
  public void writeSamples(StringBuilder out) {
    out.append(name).append(' ');
    PrometheusText.number(value.getAsDouble(), out);
    out.append('\n');
  }
}
