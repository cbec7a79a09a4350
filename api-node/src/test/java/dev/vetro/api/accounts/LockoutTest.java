package dev.vetro.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ApiClient;
import dev.vetro.api.FromAddress;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Someone who knows the owner's email hammers it from one address; the owner still logs in from
 * another. (Addresses 127.0.0.2/3 keep this test's failures away from the other tests' 127.0.0.1.)
 */
class LockoutTest {

  @Test
  void afterFiftyFailedAttemptsFromOneAddressTheOwnerLogsInFromAnother() {
    Tenant owner = TestNode.tenantA();
    int port = TestNode.shared().boundPort();
    String wrong =
        ApiClient.json(Map.of("email", owner.email(), "password", "not the password at all"));
    int judged = 0;
    int refused = 0;
    for (int i = 0; i < 50; i++) {
      FromAddress.Answer a = FromAddress.post(port, "127.0.0.2", "/api/v1/auth/login", wrong);
      if (a.status() == 401) {
        judged++;
      } else if (a.status() == 429) {
        refused++;
        assertTrue(a.raw().toLowerCase().contains("retry-after:"), a.raw());
      } else {
        throw new AssertionError("unexpected answer: " + a.raw());
      }
    }
    assertEquals(50, judged + refused);
    assertTrue(refused > 0, "the attacker was slowed down (" + judged + " judged)");
    assertTrue(judged < 25, "most guesses were refused without a password check: " + judged);

    String right = ApiClient.json(Map.of("email", owner.email(), "password", owner.password()));
    FromAddress.Answer owners = FromAddress.post(port, "127.0.0.3", "/api/v1/auth/login", right);
    assertEquals(200, owners.status(), owners.raw());
    assertTrue(owners.raw().contains("vetro_session="), "a session: " + owners.raw());
  }

  @Test
  void anUnknownEmailIsThrottledExactlyLikeAKnownOne() {
    int port = TestNode.shared().boundPort();
    String unknown =
        ApiClient.json(Map.of("email", "nobody-here@example.com", "password", "some guess 123"));
    String known =
        ApiClient.json(Map.of("email", TestNode.tenantB().email(), "password", "some guess 123"));
    int[] unknownStatuses = statuses(port, "127.0.0.4", unknown);
    int[] knownStatuses = statuses(port, "127.0.0.5", known);
    assertEquals(
        java.util.Arrays.toString(knownStatuses), java.util.Arrays.toString(unknownStatuses));
  }

  private static int[] statuses(int port, String source, String body) {
    int[] out = new int[8];
    for (int i = 0; i < out.length; i++) {
      out[i] = FromAddress.post(port, source, "/api/v1/auth/login", body).status();
    }
    return out;
  }
}
