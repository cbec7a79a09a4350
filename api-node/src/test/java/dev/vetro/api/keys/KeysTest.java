package dev.vetro.api.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys: shape, shown once, hash-only storage, last use, immediate revocation. */
class KeysTest {

  @Test
  void keyIsVtroPlus32RandomBytesAndShownOnlyAtCreation() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp created =
        c.post("/api/v1/keys", ApiClient.json(Map.of("name", "shape")), a.cookie());
    String key = created.json().path("key").asText();
    assertTrue(key.matches("vtro_[A-Za-z0-9_-]{43}"), key);
    assertEquals(32, java.util.Base64.getUrlDecoder().decode(key.substring(5)).length);
    String id = created.json().path("id").asText();
    assertFalse(
        c.get("/api/v1/keys", a.cookie()).body().contains(key), "listing never shows the key");
    assertFalse(c.get("/api/v1/keys/" + id, a.cookie()).body().contains(key));
    // the entity is keyed by the hash; nothing in its state is the key
    ApiKey.Reply r =
        TestNode.shared()
            .context()
            .entities()
            .<ApiKey.Command, ApiKey.Reply>ask(
                ApiKey.ENTITY_KEY, KeyMaterial.sha256Hex(key), ApiKey.Get::new)
            .toCompletableFuture()
            .join();
    assertEquals(id, ((ApiKey.Info) r).keyId());
    assertFalse(r.toString().contains(key.substring(5)));
  }

  @Test
  void revocationTakesEffectOnTheNextRequest() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    String[] keyAndId = a.newKey(c, "to-revoke").split(" ");
    String bearer = "Bearer " + keyAndId[0];
    String body = ApiClient.json(Map.of("query", "SELECT 1", "database_id", a.databaseId()));
    assertEquals(200, c.post("/api/v1/proxy/query", body, bearer).status());
    JsonNode listed = c.get("/api/v1/keys/" + keyAndId[1], a.cookie()).json();
    assertFalse(listed.path("last_used_at").isNull(), "last use recorded: " + listed);

    ApiClient.Resp revoked = c.send("DELETE", "/api/v1/keys/" + keyAndId[1], null, a.cookie());
    assertEquals(200, revoked.status(), revoked.toString());
    assertTrue(revoked.json().path("revoked").asBoolean());
    ApiClient.Resp refused = c.post("/api/v1/proxy/query", body, bearer);
    assertEquals(401, refused.status(), refused.toString());
    assertTrue(refused.json().path("message").asText().contains("revoked"), refused.toString());
  }

  @Test
  void keysCannotManageKeys() {
    ApiClient c = TestNode.client();
    Tenant a = TestNode.tenantA();
    ApiClient.Resp r =
        c.post("/api/v1/keys", ApiClient.json(Map.of("name", "minted by a key")), a.bearer());
    assertEquals(403, r.status(), r.toString());
  }
}
