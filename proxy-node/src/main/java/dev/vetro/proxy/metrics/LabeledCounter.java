package dev.vetro.proxy.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter with one or two labels whose values come from closed sets chosen in code (decisions,
 * rule codes of the catalog, reasons), never from clients: the series count is bounded. A value
 * outside the set is counted under {@code other} rather than creating a series.
 */
public final class LabeledCounter implements MetricFamily {
  public static final String OTHER = "other";

  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();
  private final java.util.function.Predicate<List<String>> allowed;

  /**
   * @param allowed whether a combination of label values may have its own series; others are folded
   *     into {@code other} for every label
   */
  public LabeledCounter(
      String name,
      String help,
      List<String> labelNames,
      java.util.function.Predicate<List<String>> allowed) {
    this.name = name;
    this.help = help;
    this.labelNames = List.copyOf(labelNames);
    this.allowed = allowed;
  }

  public void inc(String... values) {
    add(1, values);
  }

  public void add(long n, String... values) {
    List<String> key = List.of(values);
    if (key.size() != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames);
    }
    LongAdder adder = series.get(key);
    if (adder == null) {
      if (!allowed.test(key)) {
        key = java.util.Collections.nCopies(labelNames.size(), OTHER);
      }
      adder = series.computeIfAbsent(key, k -> new LongAdder());
    }
    adder.add(n);
  }

  public long get(String... values) {
    LongAdder a = series.get(List.of(values));
    return a == null ? 0 : a.sum();
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
    return "counter";
  }

  @Override
  public void writeSamples(StringBuilder out) {
    series.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Object::toString)))
        .forEach(
            e -> {
              out.append(name).append('{');
              for (int i = 0; i < labelNames.size(); i++) {
                if (i > 0) {
                  out.append(',');
                }
                out.append(labelNames.get(i)).append("=\"");
                PrometheusText.escapeLabel(e.getKey().get(i), out);
                out.append('"');
              }
              out.append("} ").append(e.getValue().sum()).append('\n');
            });
  }
}
