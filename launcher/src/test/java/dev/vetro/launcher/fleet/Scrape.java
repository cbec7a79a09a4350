package dev.vetro.launcher.fleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/** Reads a node's admin endpoint the way Prometheus and a probe would. */
public final class Scrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Scrape() {}

  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every family of {@code /metrics}, parsed by hawkular's text-format parser. */
  public static Map<String, MetricFamily> metrics(int port) throws Exception {
    HttpResponse<String> r = get(port, "/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode());
    }
    return parse(r.body());
  }

  public static Map<String, MetricFamily> parse(String text) throws IOException {
    Map<String, MetricFamily> out = new LinkedHashMap<>();
    TextPrometheusMetricDataParser parser =
        new TextPrometheusMetricDataParser(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    MetricFamily f;
    while ((f = parser.parse()) != null) {
      out.put(f.getName(), f);
    }
    return out;
  }

  /** The value of the sample with exactly these labels (no labels: the single sample). */
  public static double value(Map<String, MetricFamily> families, String name, String... labels) {
    MetricFamily f = families.get(name);
    if (f == null) {
      throw new AssertionError("no metric " + name + " in " + families.keySet());
    }
    Map<String, String> want = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      want.put(labels[i], labels[i + 1]);
    }
    for (Metric m : f.getMetrics()) {
      if (m.getLabels().equals(want)) {
        if (m instanceof Counter c) {
          return c.getValue();
        }
        if (m instanceof Gauge g) {
          return g.getValue();
        }
        if (m instanceof Histogram h) {
          return h.getSampleCount();
        }
      }
    }
    return 0;
  }

  public static List<Metric> samples(Map<String, MetricFamily> families, String name) {
    MetricFamily f = families.get(name);
    return f == null ? List.of() : f.getMetrics();
  }
}
