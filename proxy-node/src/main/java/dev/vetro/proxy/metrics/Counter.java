package dev.vetro.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonic count without labels; {@code inc} is a striped add, cheap on the hot path. */
public record Counter(String name, String help, LongAdder value) implements MetricFamily {
  public Counter(String name, String help) {
    this(name, help, new LongAdder());
  }

  public void inc() {
    value.increment();
  }

  public void add(long n) {
    value.add(n);
  }

  public long get() {
    return value.sum();
  }

  @Override
  public String type() {
    return "counter";
  }

  @Override
  public void writeSamples(StringBuilder out) {
    out.append(name).append(' ').append(value.sum()).append('\n');
  }
}
