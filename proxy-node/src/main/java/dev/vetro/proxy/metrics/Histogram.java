package dev.vetro.proxy.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fixed-bucket histogram of seconds (judging time, upstream connect time). Buckets are chosen in
 * code, so the series count is fixed; an observation is one bucket search and two striped adds.
 */
public final class Histogram implements MetricFamily {
  private final String name;
  private final String help;
  private final double[] bounds;
  private final LongAdder[] counts;
  private final DoubleAdder sum = new DoubleAdder();

  /** {@code bounds} in seconds, ascending; +Inf is added. */
  public Histogram(String name, String help, double... bounds) {
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
    this.counts = new LongAdder[bounds.length + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  public void observeNanos(long nanos) {
    observe(nanos / 1e9);
  }

  public void observe(double seconds) {
    int i = 0;
    while (i < bounds.length && seconds > bounds[i]) {
      i++;
    }
    counts[i].increment();
    sum.add(seconds);
  }

  public long count() {
    long n = 0;
    for (LongAdder c : counts) {
      n += c.sum();
    }
    return n;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String help() {
    return help;
  }

  @Override
  public String type() {
    return "histogram";
  }

  @Override
  public void writeSamples(StringBuilder out) {
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      cumulative += counts[i].sum();
      out.append(name).append("_bucket{le=\"");
      if (i < bounds.length) {
        PrometheusText.number(bounds[i], out);
      } else {
        out.append("+Inf");
      }
      out.append("\"} ").append(cumulative).append('\n');
    }
    out.append(name).append("_sum ");
    PrometheusText.number(sum.sum(), out);
    out.append('\n');
    out.append(name).append("_count ").append(cumulative).append('\n');
  }
}
