package dev.vetro.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.metrics.ProxyMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  @Test
  void readyzAnswers503WithTheReasonsUntilEveryCheckPasses() throws Exception {
    AtomicReference<List<String>> failing = new AtomicReference<>(List.of("no policy in force"));
    NodeHealth health = () -> Readiness.of(failing.get());
    try (AdminServer admin = AdminServer.start("127.0.0.1", 0, health, new ProxyMetrics())) {
      var r = Scrape.get(admin.boundPort(), "/readyz");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("no policy in force"), r.body());
      assertEquals(200, Scrape.get(admin.boundPort(), "/healthz").statusCode());

      failing.set(List.of());
      assertEquals(200, Scrape.get(admin.boundPort(), "/readyz").statusCode());
      assertEquals(404, Scrape.get(admin.boundPort(), "/admin").statusCode());
    }
  }

  @Test
  void metricsParseAsPrometheusTextWithBoundedLabels() throws Exception {
    ProxyMetrics metrics = new ProxyMetrics();
    metrics.counterFrom("vetro_proxy_sessions_total", "Client connections accepted", () -> 3);
    metrics.judged("blocked", "VETRO-001", 40_000);
    metrics.judged("allowed", null, 2_000);
    metrics.judged("allowed", null, 3_000);
    // a value outside the closed sets never becomes a series of its own
    metrics.judged("allowed'; DROP TABLE x", "select * from users", 1_000);
    metrics.cancelRequests.inc("unknown");
    metrics.bytes.clientToServer.add(100);
    metrics.gauge("vetro_proxy_sessions_open", "Open client connections", () -> 2);
    try (AdminServer admin =
        AdminServer.start("127.0.0.1", 0, () -> Readiness.of(List.of()), metrics)) {
      Map<String, MetricFamily> m = Scrape.metrics(admin.boundPort());
      assertEquals(3, Scrape.value(m, "vetro_proxy_sessions_total"));
      assertEquals(2, Scrape.value(m, "vetro_proxy_sessions_open"));
      assertEquals(
          1,
          Scrape.value(
              m, "vetro_proxy_statements_total", "decision", "blocked", "rule", "VETRO-001"));
      assertEquals(
          2,
          Scrape.value(m, "vetro_proxy_statements_total", "decision", "allowed", "rule", "none"));
      assertEquals(
          1, Scrape.value(m, "vetro_proxy_statements_total", "decision", "other", "rule", "other"));
      assertEquals(3, Scrape.samples(m, "vetro_proxy_statements_total").size());
      assertEquals(1, Scrape.value(m, "vetro_proxy_cancel_requests_total", "outcome", "unknown"));
      assertEquals(
          100, Scrape.value(m, "vetro_proxy_bytes_total", "direction", "client_to_server"));
      Histogram judge = (Histogram) Scrape.samples(m, "vetro_proxy_judge_seconds").get(0);
      assertEquals(4, judge.getSampleCount());
      assertEquals(13, judge.getBuckets().size()); // 12 bounds and +Inf
    }
  }
}
