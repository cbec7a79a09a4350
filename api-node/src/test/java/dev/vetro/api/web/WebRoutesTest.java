package dev.vetro.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's HTTP contract without a browser: the page shell and its CSP, cached assets (ETag
 * → 304, versioned WebJars immutable), nothing outside the asset roots, and the cross-site check on
 * every state-changing API request.
 */
class WebRoutesTest {
  private final ApiClient c = TestNode.client();

  @Test
  void everyPagePathServesTheShellWithAContentSecurityPolicyWithoutInlineScripts() {
    for (String path : new String[] {"/", "/login", "/databases", "/databases/x", "/queries"}) {
      ApiClient.Resp r = c.get(path, null);
      assertEquals(200, r.status(), path);
      assertTrue(r.header("content-type").orElse("").startsWith("text/html"), path);
      assertTrue(r.body().contains("/assets/js/app.js"), path);
      String csp = r.header("content-security-policy").orElse("");
      assertTrue(csp.contains("script-src 'self'"), csp);
      assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    }
    assertFalse(c.get("/index.html", null).body().contains("<script>"), "no inline script");
  }

  @Test
  void ownAssetsRevalidateByEtagAndWebJarsAreImmutable() {
    ApiClient.Resp js = c.get("/assets/js/app.js", null);
    assertEquals(200, js.status());
    String etag = js.header("etag").orElseThrow();
    assertEquals("no-cache", js.header("cache-control").orElseThrow());
    ApiClient.Resp again = c.send("GET", "/assets/js/app.js", null, null, "If-None-Match", etag);
    assertEquals(304, again.status());
    assertEquals("", again.body());
    ApiClient.Resp pico = c.get("/webjars/picocss__pico/2.1.1/css/pico.min.css", null);
    assertEquals(200, pico.status());
    assertTrue(pico.header("cache-control").orElse("").contains("immutable"));
    assertTrue(pico.header("content-type").orElse("").startsWith("text/css"));
  }

  @Test
  void nothingOutsideTheAssetRootsIsServed() {
    for (String path :
        new String[] {
          "/assets/../vetro-api.conf",
          "/assets/%2e%2e/%2e%2e/vetro-api.conf",
          "/assets/js",
          "/webjars/../../vetro-api.conf",
          "/webjars/other/1.0/x.js",
          "/no-such-page",
          "/loginx",
          "/databases/x/y"
        }) {
      assertEquals(404, c.get(path, null).status(), path);
    }
  }

  @Test
  void aCookieWriteNeedsASameOriginOriginOrTheDashboardHeader() {
    Tenant a = TestNode.tenantA();
    String body = ApiClient.json(Map.of("name", "csrf-probe"));
    String cookie = "vetro_session=" + a.session();
    ApiClient.Resp bare = c.send("POST", "/api/v1/databases", body, null, "Cookie", cookie);
    assertEquals(403, bare.status(), bare.toString());
    assertEquals("forbidden", bare.error());
    ApiClient.Resp foreign =
        c.send(
            "POST",
            "/api/v1/databases",
            body,
            null,
            "Cookie",
            cookie,
            "X-Vetro-Request",
            "1",
            "Origin",
            "http://evil.example");
    assertEquals(403, foreign.status(), foreign.toString());
    ApiClient.Resp sameSiteOtherPort =
        c.send(
            "POST",
            "/api/v1/databases",
            body,
            null,
            "Cookie",
            cookie,
            "Origin",
            "http://127.0.0.1:1");
    assertEquals(403, sameSiteOtherPort.status(), sameSiteOtherPort.toString());
    ApiClient.Resp same =
        c.send("POST", "/api/v1/databases", body, null, "Cookie", cookie, "Origin", c.base());
    assertEquals(201, same.status(), same.toString());
    ApiClient.Resp header =
        c.send("POST", "/api/v1/databases", body, null, "Cookie", cookie, "X-Vetro-Request", "1");
    assertEquals(201, header.status(), header.toString());
    // reads are not state-changing; API keys are not ambient browser credentials
    assertEquals(200, c.send("GET", "/api/v1/databases", null, null, "Cookie", cookie).status());
    ApiClient.Resp key =
        c.post(
            "/api/v1/proxy/query",
            ApiClient.json(Map.of("query", "SELECT 1", "database_id", a.databaseId())),
            a.bearer());
    assertEquals(200, key.status(), key.toString());
  }
}
