package dev.vetro.proxy.metrics;

import java.util.function.LongSupplier;

/** A counter kept elsewhere (the decision buffer's sent and dropped counts), read when scraped. */
public record FunctionCounter(String name, String help, LongSupplier value)
    implements MetricFamily {
  @Override
  public String type() {
    return "counter";
  }

  @Override
  public void writeSamples(StringBuilder out) {
    out.append(name).append(' ').append(value.getAsLong()).append('\n');
  }
}
