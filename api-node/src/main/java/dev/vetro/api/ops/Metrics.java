package dev.vetro.api.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The node's Prometheus metrics, in the text exposition format 0.0.4. Hand-written because the set
 * is small and fixed; label values come from route templates and enums, never from request text, so
 * the series count stays bounded.
 */
public final class Metrics {
  private static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Map<String, Family> families = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  private record Gauge(String help, DoubleSupplier value) {}

  private static final class Family {
    final String help;
    final boolean histogram;
    final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    final Map<String, Histo> histos = new ConcurrentHashMap<>();

    Family(String help, boolean histogram) {
      this.help = help;
      this.histogram = histogram;
    }
  }

  private static final class Histo {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final java.util.concurrent.atomic.DoubleAdder sum =
        new java.util.concurrent.atomic.DoubleAdder();

    Histo() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  public void inc(String name, String help, String... labels) {
    add(name, help, 1, labels);
  }

  public void add(String name, String help, long n, String... labels) {
    families
        .computeIfAbsent(name, k -> new Family(help, false))
        .counters
        .computeIfAbsent(labelText(labels), k -> new LongAdder())
        .add(n);
  }

  public void observe(String name, String help, double seconds, String... labels) {
    Histo h =
        families
            .computeIfAbsent(name, k -> new Family(help, true))
            .histos
            .computeIfAbsent(labelText(labels), k -> new Histo());
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        h.buckets[i].increment();
      }
    }
    h.count.increment();
    h.sum.add(seconds);
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    gauges.put(name, new Gauge(help, value));
  }

  /** Counter value for tests and the journal-lag estimate; 0 when never incremented. */
  public long count(String name, String... labels) {
    Family f = families.get(name);
    LongAdder a = f == null ? null : f.counters.get(labelText(labels));
    return a == null ? 0 : a.sum();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(families)
        .forEach(
            (name, f) -> {
              out.append("# HELP ").append(name).append(' ').append(f.help).append('\n');
              out.append("# TYPE ")
                  .append(name)
                  .append(f.histogram ? " histogram\n" : " counter\n");
              if (!f.histogram) {
                new TreeMap<>(f.counters)
                    .forEach(
                        (l, v) ->
                            out.append(name)
                                .append(braces(l))
                                .append(' ')
                                .append(v.sum())
                                .append('\n'));
                return;
              }
              new TreeMap<>(f.histos)
                  .forEach(
                      (l, h) -> {
                        String sep = l.isEmpty() ? "" : l + ",";
                        for (int i = 0; i < BUCKETS.length; i++) {
                          out.append(name)
                              .append("_bucket{")
                              .append(sep)
                              .append("le=\"")
                              .append(BUCKETS[i])
                              .append("\"} ")
                              .append(h.buckets[i].sum())
                              .append('\n');
                        }
                        out.append(name)
                            .append("_bucket{")
                            .append(sep)
                            .append("le=\"+Inf\"} ")
                            .append(h.count.sum())
                            .append('\n');
                        out.append(name)
                            .append("_sum")
                            .append(braces(l))
                            .append(' ')
                            .append(h.sum.sum())
                            .append('\n');
                        out.append(name)
                            .append("_count")
                            .append(braces(l))
                            .append(' ')
                            .append(h.count.sum())
                            .append('\n');
                      });
            });
    new TreeMap<>(gauges)
        .forEach(
            (name, g) -> {
              out.append("# HELP ").append(name).append(' ').append(g.help()).append('\n');
              out.append("# TYPE ").append(name).append(" gauge\n");
              out.append(name).append(' ').append(g.value().getAsDouble()).append('\n');
            });
    return out.toString();
  }

  private static String braces(String labels) {
    return labels.isEmpty() ? "" : "{" + labels + "}";
  }

  /** labels as name/value pairs: ("method", "GET", "route", "/x") → method="GET",route="/x" */
  private static String labelText(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      b.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
    }
    return b.toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
