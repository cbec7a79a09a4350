package dev.vetro.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Health, readiness, the OpenAPI document and the Prometheus counters over real HTTP. */
class OpsEndpointsTest {

  private static long sample(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E]+)$").matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void healthReadinessAndOpenApiAnswer() {
    ApiClient c = TestNode.client();
    assertEquals(200, c.get("/healthz", null).status());
    ApiClient.Resp ready = c.get("/readyz", null);
    assertEquals(200, ready.status(), ready.toString());
    assertEquals("h2", ready.json().path("storage").asText());
    assertTrue(c.get("/api/openapi.json", null).json().path("paths").has("/api/v1/proxy/query"));
  }

  @Test
  void metricsCountDecisionsByOutcomeAndRequestsByRouteTemplate() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String before = c.get("/metrics", null).body();
    String body = ApiClient.json(Map.of("query", "TRUNCATE orders", "database_id", a.databaseId()));
    assertEquals(
        "BLOCKED",
        c.post("/api/v1/proxy/query", body, a.bearer()).json().path("decision").asText());
    assertEquals(
        "BLOCKED",
        c.post("/api/v1/proxy/query", body, a.bearer()).json().path("decision").asText());
    String after = c.get("/metrics", null).body();
    String blocked = "vetro_api_decisions_total{decision=\"BLOCKED\"}";
    assertEquals(2, sample(after, blocked) - sample(before, blocked), after);
    String requests =
        "vetro_api_requests_total{method=\"POST\",route=\"/api/v1/proxy/query\",status=\"200\"}";
    assertTrue(sample(after, requests) - sample(before, requests) >= 2, after);
    assertTrue(after.contains("# TYPE vetro_api_request_seconds histogram"), after);
    assertTrue(after.contains("vetro_api_journal_lag_decisions "), after);
    assertTrue(!after.contains(a.databaseId()), "ids never become label values");
  }
}
