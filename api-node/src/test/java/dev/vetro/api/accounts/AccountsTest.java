package dev.vetro.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Register, login, logout, the session cookie, the stored hash and the login rate limit. */
class AccountsTest {

  @Test
  void sessionCookieIsHttpOnlyAndSameSiteStrict() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp login =
        c.post(
            "/api/v1/auth/login",
            ApiClient.json(Map.of("email", a.email(), "password", a.password())),
            null);
    assertEquals(200, login.status(), login.toString());
    String cookie =
        login.headers().allValues("set-cookie").stream()
            .filter(s -> s.startsWith("vetro_session="))
            .findFirst()
            .orElseThrow();
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertEquals(a.workspaceId(), login.json().path("workspace_id").asText());
    String session = login.sessionCookie().orElseThrow();
    assertEquals(
        a.email(), c.get("/api/v1/auth/me", "cookie:" + session).json().path("email").asText());

    ApiClient.Resp out = c.post("/api/v1/auth/logout", null, "cookie:" + session);
    assertEquals(204, out.status(), out.toString());
    ApiClient.Resp after = c.get("/api/v1/auth/me", "cookie:" + session);
    assertEquals(401, after.status(), "a logged-out session is dead: " + after);
    assertEquals(
        200, c.get("/api/v1/auth/me", a.cookie()).status(), "other sessions of the user live on");
  }

  @Test
  void passwordIsStoredAsSlowSaltedHashOnly() {
    Tenant a = TestNode.tenantA();
    User.Reply reply =
        TestNode.shared()
            .context()
            .entities()
            .<User.Command, User.Reply>ask(User.ENTITY_KEY, User.idFor(a.email()), User.Get::new)
            .toCompletableFuture()
            .join();
    String hash = ((User.Account) reply).passwordHash();
    assertTrue(hash.startsWith("pbkdf2-sha256$"), hash);
    assertTrue(PasswordHasher.iterationsOf(hash) >= 600_000, hash);
    assertFalse(hash.contains(a.password()));
  }

  @Test
  void registeringATakenEmailLooksLikeASuccessAndChangesNothing() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp dup =
        c.post(
            "/api/v1/auth/register",
            ApiClient.json(
                Map.of(
                    "email",
                    a.email().toUpperCase(),
                    "password",
                    "another password 1",
                    "workspace",
                    "x")),
            null);
    ApiClient.Resp fresh =
        c.post(
            "/api/v1/auth/register",
            ApiClient.json(
                Map.of(
                    "email",
                    "fresh-" + UUID.randomUUID() + "@example.com",
                    "password",
                    "another password 1",
                    "workspace",
                    "x")),
            null);
    // the same status, body fields and cookie as a real registration
    assertEquals(fresh.status(), dup.status(), dup.toString());
    assertEquals(fieldNames(fresh.json()), fieldNames(dup.json()));
    assertEquals(
        fieldNames(fresh.json().path("workspace")), fieldNames(dup.json().path("workspace")));
    String cookie = dup.sessionCookie().orElseThrow();
    assertEquals(43, cookie.length());
    // but nothing changed: the cookie is no session, the owner's password still works
    assertEquals(401, c.get("/api/v1/auth/me", "cookie:" + cookie).status());
    assertEquals(
        200,
        c.post(
                "/api/v1/auth/login",
                ApiClient.json(Map.of("email", a.email(), "password", a.password())),
                null)
            .status());
    ApiClient.Resp weak =
        c.post(
            "/api/v1/auth/register",
            ApiClient.json(Map.of("email", "w@example.com", "password", "short", "workspace", "x")),
            null);
    assertEquals(400, weak.status());
    assertTrue(weak.body().contains("password"), weak.toString());
    ApiClient.Resp noWs =
        c.post(
            "/api/v1/auth/register",
            ApiClient.json(Map.of("email", "w@example.com", "password", "long enough pw")),
            null);
    assertEquals("missing_field", noWs.error());
  }

  @Test
  void repeatedWrongPasswordsAreRateLimited() {
    ApiClient c = TestNode.client();
    String email =
        "nobody-" + UUID.randomUUID() + "@example.com"; // unknown user: same cost, same answer
    int unauthorized = 0;
    ApiClient.Resp last = null;
    for (int i = 0; i < 7; i++) {
      last =
          c.post(
              "/api/v1/auth/login",
              ApiClient.json(Map.of("email", email, "password", "guess number " + i)),
              null);
      if (last.status() == 401) {
        unauthorized++;
      }
    }
    assertEquals(5, unauthorized, "five attempts are judged, then the limit applies");
    assertEquals(429, last.status(), last.toString());
    assertEquals("too_many_requests", last.error());
    assertTrue(Long.parseLong(last.header("retry-after").orElseThrow()) > 0);
  }

  private static java.util.List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode n) {
    java.util.List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
