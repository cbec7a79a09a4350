package dev.vetro.proxy.metrics;

import java.util.List;

/** The Prometheus text exposition format, version 0.0.4. */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String render(List<MetricFamily> families) {
    StringBuilder out = new StringBuilder(4096);
    for (MetricFamily f : families) {
      out.append("# HELP ").append(f.name()).append(' ');
      escapeHelp(f.help(), out);
      out.append('\n');
      out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
      f.writeSamples(out);
    }
    return out.toString();
  }

  static void number(double v, StringBuilder out) {
    if (Double.isNaN(v)) {
      out.append("NaN");
    } else if (Double.isInfinite(v)) {
      out.append(v > 0 ? "+Inf" : "-Inf");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.append((long) v);
    } else {
      out.append(v);
    }
  }

  static void escapeLabel(String v, StringBuilder out) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private static void escapeHelp(String v, StringBuilder out) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }
}
