package dev.vetro.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void rendersCountersHistogramsAndGaugesInPrometheusTextFormat() {
    Metrics m = new Metrics();
    m.inc("req_total", "Requests", "route", "/a", "status", "200");
    m.inc("req_total", "Requests", "route", "/a", "status", "200");
    m.observe("lat_seconds", "Latency", 0.003, "route", "/a");
    m.gauge("lag", "Lag", () -> 7);
    String text = m.render();
    assertTrue(
        text.contains("# TYPE req_total counter\nreq_total{route=\"/a\",status=\"200\"} 2\n"),
        text);
    assertTrue(text.contains("lat_seconds_bucket{route=\"/a\",le=\"0.0025\"} 0\n"), text);
    assertTrue(text.contains("lat_seconds_bucket{route=\"/a\",le=\"0.005\"} 1\n"), text);
    assertTrue(text.contains("lat_seconds_count{route=\"/a\"} 1\n"), text);
    assertTrue(text.contains("# TYPE lag gauge\nlag 7.0\n"), text);
    assertEquals(2, m.count("req_total", "route", "/a", "status", "200"));
  }

  @Test
  void labelValuesAreEscaped() {
    Metrics m = new Metrics();
    m.inc("x_total", "X", "v", "a\"b\\c\nd");
    assertTrue(m.render().contains("x_total{v=\"a\\\"b\\\\c\\nd\"} 1"), m.render());
  }

  @Test
  void openApiTemplatesBoundTheRouteLabel() {
    OpenApi api = new OpenApi();
    assertEquals(
        "/api/v1/databases/{id}/policy",
        api.templateOf("/api/v1/databases/3f2a0c1e-1111-4a2b-9c3d-0123456789ab/policy"));
    assertEquals("unmatched", api.templateOf("/api/v1/databases/../../etc/passwd"));
    assertEquals("unmatched", api.templateOf("/wp-login.php"));
  }
}
