package dev.vetro.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import dev.vetro.api.http.RouteTestBase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the route tree agree: every documented path answers every documented
 * method (not 405, not "no such route"), and every method the document leaves out is refused with
 * 405. Probed with real credentials and ids, against throwaway resources (DELETE is probed too).
 */
class OpenApiRouteTreeTest extends RouteTestBase {
  private static final List<HttpMethod> METHODS =
      List.of(
          HttpMethods.GET,
          HttpMethods.POST,
          HttpMethods.PUT,
          HttpMethods.PATCH,
          HttpMethods.DELETE);

  @Test
  void documentIsOpenApi3WithResponsesForEveryOperation() {
    JsonNode doc = new OpenApi().tree();
    assertTrue(doc.path("openapi").asText().startsWith("3."), "openapi version");
    int operations = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      for (HttpMethod m : METHODS) {
        JsonNode op = p.getValue().get(m.name().toLowerCase(Locale.ROOT));
        if (op != null) {
          operations++;
          assertTrue(
              op.has("responses") && op.path("responses").size() > 0, p.getKey() + " " + m.name());
        }
      }
    }
    assertTrue(operations >= 25, "all operations documented, found " + operations);
  }

  @Test
  void documentedRoutesAnswerAndUndocumentedMethodsAre405() {
    Tenant a = TestNode.tenantA();
    ApiClient c = TestNode.client();
    String db = a.newDatabase(c, "openapi-probe", "enforce");
    String keyId = a.newKey(c, "openapi-probe").split(" ")[1];
    JsonNode doc = new OpenApi().tree();
    List<String> mismatches = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      String template = p.getKey();
      String path = template.replace("{id}", template.startsWith("/api/v1/keys") ? keyId : db);
      if (template.equals("/api/v1/databases/{id}/events")) {
        continue; // an endless stream; the SSE test covers it
      }
      for (HttpMethod m : METHODS) {
        boolean documented = p.getValue().has(m.name().toLowerCase(Locale.ROOT));
        if (documented && m == HttpMethods.DELETE) {
          continue; // probed last, below, so the probe resources exist for the others
        }
        check(
            mismatches,
            template,
            path,
            m,
            documented,
            template.equals("/api/v1/auth/logout") ? a.bearer() : a.cookie());
      }
    }
    check(
        mismatches,
        "/api/v1/keys/{id}",
        "/api/v1/keys/" + keyId,
        HttpMethods.DELETE,
        true,
        a.cookie());
    check(
        mismatches,
        "/api/v1/databases/{id}",
        "/api/v1/databases/" + db,
        HttpMethods.DELETE,
        true,
        a.cookie());
    assertEquals(List.of(), mismatches);
  }

  private void check(
      List<String> mismatches,
      String template,
      String path,
      HttpMethod m,
      boolean documented,
      String auth) {
    HttpRequest r =
        HttpRequest.create(path).withMethod(m).withEntity(ContentTypes.APPLICATION_JSON, "{}");
    r =
        auth.startsWith("cookie:")
            ? r.addHeader(
                    org.apache.pekko.http.javadsl.model.headers.Cookie.create(
                        "vetro_session", auth.substring(7)))
                .addHeader(RawHeader.create("X-Vetro-Request", "test"))
            : r.addHeader(RawHeader.create("Authorization", auth));
    TestRouteResult res = testRoute(route()).run(r);
    int status = res.statusCode();
    boolean noRoute = status == 404 && res.entityString().contains("no such route");
    boolean refused = status == 405 || noRoute;
    if (documented && refused) {
      mismatches.add(m.name() + " " + template + " is documented but the routes answer " + status);
    }
    if (!documented && !refused) {
      mismatches.add(
          m.name()
              + " "
              + template
              + " is served ("
              + status
              + " "
              + res.entityString()
              + ") but not documented");
    }
    assertFalse(status >= 500, m.name() + " " + path + " -> " + status + " " + res.entityString());
  }
}
