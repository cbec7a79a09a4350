package dev.vetro.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** Every error status of the evaluation contract, with its stable code, through the route tree. */
class ErrorContractRouteTest extends RouteTestBase {

  private TestRouteResult query(String body, String auth) {
    HttpRequest r =
        HttpRequest.POST("/api/v1/proxy/query").withEntity(ContentTypes.APPLICATION_JSON, body);
    if (auth != null) {
      r = r.addHeader(RawHeader.create("Authorization", auth));
    }
    return testRoute(route()).run(r);
  }

  private static JsonNode json(TestRouteResult r) {
    try {
      return ApiClient.JSON_MAPPER().readTree(r.entityString());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertError(TestRouteResult r, int status, String code) {
    Assertions_status(r, status);
    r.assertContentType(ContentTypes.APPLICATION_JSON);
    JsonNode j = json(r);
    assertEquals(code, j.path("error").asText(), r.entityString());
    assertTrue(
        j.path("message").asText().length() > 5,
        "a human message accompanies the code: " + r.entityString());
  }

  private static void Assertions_status(TestRouteResult r, int status) {
    assertEquals(status, r.statusCode(), r.entityString());
  }

  @Test
  void validRequestAnswersDecisionInSnakeCase() {
    Tenant a = TestNode.tenantA();
    TestRouteResult r =
        query(
            ApiClient.json(Map.of("query", "DELETE FROM orders", "database_id", a.databaseId())),
            a.bearer());
    r.assertStatusCode(200);
    JsonNode d = json(r);
    assertEquals("BLOCKED", d.path("decision").asText());
    assertEquals("VETRO-001", d.path("rule_code").asText());
    for (String f :
        new String[] {
          "ast_node_path", "severity", "message", "suggested_fix", "violations", "fingerprint"
        }) {
      assertTrue(d.has(f), "Decision JSON has " + f + ": " + d);
    }
  }

  @Test
  void malformedJsonIs400BadJson() {
    assertError(query("{\"query\": ", TestNode.tenantA().bearer()), 400, "bad_json");
  }

  @Test
  void missingQueryIs400MissingField() {
    Tenant a = TestNode.tenantA();
    TestRouteResult r = query(ApiClient.json(Map.of("database_id", a.databaseId())), a.bearer());
    assertError(r, 400, "missing_field");
    assertTrue(r.entityString().contains("query"), "the message names the field");
  }

  @Test
  void wrongTypeIs400InvalidField() {
    Tenant a = TestNode.tenantA();
    assertError(
        query("{\"query\": 42, \"database_id\": \"" + a.databaseId() + "\"}", a.bearer()),
        400,
        "invalid_field");
  }

  @Test
  void missingCredentialsAre401() {
    assertError(
        query(
            ApiClient.json(
                Map.of("query", "SELECT 1", "database_id", TestNode.tenantA().databaseId())),
            null),
        401,
        "unauthorized");
  }

  @Test
  void unknownKeyIs401() {
    String forged = "Bearer vtro_" + "A".repeat(43);
    assertError(
        query(
            ApiClient.json(
                Map.of("query", "SELECT 1", "database_id", TestNode.tenantA().databaseId())),
            forged),
        401,
        "unauthorized");
  }

  @Test
  void malformedKeyIs401() {
    assertError(
        query(
            ApiClient.json(
                Map.of("query", "SELECT 1", "database_id", TestNode.tenantA().databaseId())),
            "Bearer sk_live_123"),
        401,
        "unauthorized");
  }

  @Test
  void databaseOfAnotherWorkspaceIs403() {
    TestRouteResult r =
        query(
            ApiClient.json(
                Map.of("query", "SELECT 1", "database_id", TestNode.tenantB().databaseId())),
            TestNode.tenantA().bearer());
    assertError(r, 403, "forbidden");
  }

  @Test
  void unknownDatabaseIs404() {
    assertError(
        query(
            ApiClient.json(
                Map.of("query", "SELECT 1", "database_id", java.util.UUID.randomUUID().toString())),
            TestNode.tenantA().bearer()),
        404,
        "not_found");
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big =
        "{\"query\": \""
            + "x".repeat((int) dev.vetro.api.evaluation.EvaluationRoutes.QUERY_BODY_LIMIT)
            + "\"}";
    assertError(query(big, TestNode.tenantA().bearer()), 413, "body_too_large");
  }

  @Test
  void unknownDialectIs422() {
    Tenant a = TestNode.tenantA();
    assertError(
        query(
            ApiClient.json(
                Map.of("query", "SELECT 1", "database_id", a.databaseId(), "dialect", "oracle")),
            a.bearer()),
        422,
        "unknown_dialect");
  }

  @Test
  void wrongMethodIs405AndUnknownRouteIs404() {
    assertError(
        testRoute(route())
            .run(
                HttpRequest.GET("/api/v1/proxy/query")
                    .addHeader(RawHeader.create("Authorization", TestNode.tenantA().bearer()))),
        405,
        "method_not_allowed");
    assertError(testRoute(route()).run(HttpRequest.GET("/api/v1/nothing-here")), 404, "not_found");
  }
}
