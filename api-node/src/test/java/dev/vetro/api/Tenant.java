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
        c.post("/api/v1/keys", ApiClient.json(Map.of("name", workspace + "-key")), cookie);
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
    ApiClient.Resp key = c.post("/api/v1/keys", ApiClient.json(Map.of("name", name)), cookie());
    assertEquals(201, key.status(), key.toString());
    return key.json().path("key").asText() + " " + key.json().path("id").asText();
  }
}
