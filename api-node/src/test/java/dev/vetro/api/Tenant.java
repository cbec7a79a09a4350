package dev.vetro.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

/** A registered user with its workspace, one database and one API key. */
public record Tenant(
    String email,
    String password,
    String session,
    String workspaceId,
    String databaseId,
    String key,
    String keyId) {

  public static final String PASSWORD = "correct horse battery staple";

  /** The tenant's key may do everything a key can: the tests written before scopes expect it. */
  static final String[] ALL_SCOPES = {"evaluate", "proxy", "admin"};

  public String cookie() {
    return "cookie:" + session;
  }

  public String bearer() {
    return "Bearer " + key;
  }

  public static Tenant create(ApiClient c, String workspace) {
    String email = workspace + "-" + UUID.randomUUID() + "@example.com";
    ApiClient.Resp reg =
        c.post(
            "/api/v1/auth/register",
            ApiClient.json(Map.of("email", email, "password", PASSWORD, "workspace", workspace)),
            null);
    assertEquals(201, reg.status(), reg.toString());
    String session = reg.sessionCookie().orElseThrow();
    String cookie = "cookie:" + session;
    ApiClient.Resp db =
        c.post("/api/v1/databases", ApiClient.json(Map.of("name", workspace + "-db")), cookie);
    assertEquals(201, db.status(), db.toString());
    ApiClient.Resp key =
        c.post(
            "/api/v1/keys",
            ApiClient.json(
                Map.of("name", workspace + "-key", "scopes", java.util.List.of(ALL_SCOPES))),
            cookie);
    assertEquals(201, key.status(), key.toString());
    return new Tenant(
        email,
        PASSWORD,
        session,
        reg.json().path("workspace").path("id").asText(),
        db.json().path("id").asText(),
        key.json().path("key").asText(),
        key.json().path("id").asText());
  }

  /** Another database in this tenant's workspace. */
  public String newDatabase(ApiClient c, String name, String mode) {
    ApiClient.Resp db =
        c.post("/api/v1/databases", ApiClient.json(Map.of("name", name, "mode", mode)), cookie());
    assertEquals(201, db.status(), db.toString());
    return db.json().path("id").asText();
  }

  public String newKey(ApiClient c, String name) {
    return newScopedKey(c, name, java.util.List.of(ALL_SCOPES));
  }

  /** "key id", a key with these scopes (null: the default a key gets without {@code scopes}). */
  public String newScopedKey(ApiClient c, String name, java.util.List<String> scopes) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("name", name);
    if (scopes != null) {
      body.put("scopes", scopes);
    }
    ApiClient.Resp key = c.post("/api/v1/keys", ApiClient.json(body), cookie());
    assertEquals(201, key.status(), key.toString());
    return key.json().path("key").asText() + " " + key.json().path("id").asText();
  }
}
