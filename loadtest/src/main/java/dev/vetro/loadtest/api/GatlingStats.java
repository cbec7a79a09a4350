package dev.vetro.loadtest.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's figures, read from the assertion lines Gatling prints at the end of a run ("Global: 99th
 * percentile of response time is less than or equal to 20.0 : true (actual : 7.0)"): the simulation
 * asserts on exactly the figures the report needs, so each comes with its actual value.
 */
record GatlingStats(
    long requests,
    long failed,
    double requestsPerSecond,
    double p50,
    double p95,
    double p99,
    double max) {
  private static final Pattern LINE =
      Pattern.compile("(?m)^Global: (.+?) : (true|false) \\(actual : ([0-9.E+-]+)\\)\\s*$");

  static GatlingStats parse(String console) {
    Double requests = null,
        failed = null,
        rps = null,
        p50 = null,
        p95 = null,
        p99 = null,
        max = null;
    Matcher m = LINE.matcher(console);
    while (m.find()) {
      String what = m.group(1);
      double v = Double.parseDouble(m.group(3));
      if (what.startsWith("count of all events")) {
        requests = v;
      } else if (what.startsWith("count of failed events")) {
        failed = v;
      } else if (what.startsWith("mean requests per second")) {
        rps = v;
      } else if (what.startsWith("50th percentile")) {
        p50 = v;
      } else if (what.startsWith("95th percentile")) {
        p95 = v;
      } else if (what.startsWith("99th percentile")) {
        p99 = v;
      } else if (what.startsWith("max of response time")) {
        max = v;
      }
    }
    if (requests == null
        || failed == null
        || rps == null
        || p50 == null
        || p95 == null
        || p99 == null
        || max == null) {
      throw new IllegalStateException(
          "Gatling printed no complete assertion summary; its output ended with:\n"
              + console.substring(Math.max(0, console.length() - 3000)));
    }
    return new GatlingStats(requests.longValue(), failed.longValue(), rps, p50, p95, p99, max);
  }
}
