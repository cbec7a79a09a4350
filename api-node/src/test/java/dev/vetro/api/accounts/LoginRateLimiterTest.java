package dev.vetro.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {

  @Test
  void blocksAnAccountAfterItsFailuresUntilTheWindowEnds() {
    LoginRateLimiter l = new LoginRateLimiter(3, 100, Duration.ofMinutes(1));
    long t = 1_000_000;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, l.retryAfterSeconds("a@x", "1.2.3.4", t));
      l.failed("a@x", "1.2.3.4", t);
    }
    long wait = l.retryAfterSeconds("a@x", "1.2.3.4", t + 1000);
    assertTrue(wait > 0 && wait <= 60, "wait " + wait);
    assertEquals(
        0,
        l.retryAfterSeconds("b@x", "1.2.3.4", t + 1000),
        "other accounts from the address go on");
    assertEquals(0, l.retryAfterSeconds("a@x", "1.2.3.4", t + 60_000), "a new window");
  }

  @Test
  void blocksAnAddressTryingManyAccounts() {
    LoginRateLimiter l = new LoginRateLimiter(100, 4, Duration.ofMinutes(1));
    for (int i = 0; i < 4; i++) {
      l.failed("user" + i + "@x", "9.9.9.9", 0);
    }
    assertTrue(l.retryAfterSeconds("fresh@x", "9.9.9.9", 10) > 0);
    assertEquals(0, l.retryAfterSeconds("fresh@x", "8.8.8.8", 10));
  }

  @Test
  void successClearsTheAccountsFailures() {
    LoginRateLimiter l = new LoginRateLimiter(2, 100, Duration.ofMinutes(1));
    l.failed("a@x", "1.1.1.1", 0);
    l.succeeded("a@x");
    l.failed("a@x", "1.1.1.1", 1);
    assertEquals(0, l.retryAfterSeconds("a@x", "1.1.1.1", 2));
  }
}
