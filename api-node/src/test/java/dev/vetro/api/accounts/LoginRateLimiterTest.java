package dev.vetro.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
  private static LoginRateLimiter limiter() {
    return new LoginRateLimiter(
        3, 5, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(15));
  }

  @Test
  void anAccountUnderAttackSlowsTheAttackerExponentiallyUpToTheCap() {
    LoginRateLimiter l = limiter();
    long t = 1_000_000;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, l.retryAfterSeconds("a@x", "6.6.6.6", t));
      l.failed("a@x", "6.6.6.6", t);
    }
    assertEquals(1, l.retryAfterSeconds("a@x", "6.6.6.6", t), "free ones used up");
    l.failed("a@x", "6.6.6.6", t);
    assertEquals(2, l.retryAfterSeconds("a@x", "6.6.6.6", t));
    l.failed("a@x", "6.6.6.6", t);
    assertEquals(4, l.retryAfterSeconds("a@x", "6.6.6.6", t));
    for (int i = 0; i < 30; i++) {
      l.failed("a@x", "6.6.6.6", t);
    }
    long wait = l.retryAfterSeconds("a@x", "6.6.6.6", t);
    assertTrue(wait <= 60, "small cap: " + wait);
    assertTrue(wait >= 30, "capped, not reset: " + wait);
    assertEquals(0, l.retryAfterSeconds("a@x", "6.6.6.6", t + 15 * 60_000), "forgotten");
  }

  @Test
  void theOwnerFromAnAddressThatHasNotFailedIsNeverRefused() {
    LoginRateLimiter l = limiter();
    for (int i = 0; i < 50; i++) {
      l.failed("owner@x", "6.6.6.6", i);
    }
    assertTrue(l.retryAfterSeconds("owner@x", "6.6.6.6", 60) > 0);
    assertEquals(0, l.retryAfterSeconds("owner@x", "10.0.0.7", 60));
  }

  @Test
  void anAddressTryingManyAccountsIsSlowedForAllOfThem() {
    LoginRateLimiter l = limiter();
    for (int i = 0; i < 6; i++) {
      l.failed("user" + i + "@x", "9.9.9.9", 0);
    }
    assertTrue(l.retryAfterSeconds("fresh@x", "9.9.9.9", 10) > 0);
    assertEquals(0, l.retryAfterSeconds("fresh@x", "8.8.8.8", 10));
  }

  @Test
  void failuresSeenOnOtherNodesCountForTheAddress() {
    LoginRateLimiter l = limiter();
    assertEquals(0, l.retryAfterSeconds("a@x", "7.7.7.7", 1_000));
    l.sharedFailures(Map.of("7.7.7.7", new LoginRateLimiter.Failures(8, 900)));
    assertTrue(l.retryAfterSeconds("a@x", "7.7.7.7", 1_000) > 0, "8 failures on other nodes");
  }

  @Test
  void replicatedElementsBecomeCountsPerAddressWithinTheWindow() {
    Map<String, LoginRateLimiter.Failures> m =
        SharedLoginFailures.byAddress(
            Set.of("1.1.1.1|100|a", "1.1.1.1|300|b", "::1|200|c", "2.2.2.2|1|d"), 1_000, 950);
    assertEquals(new LoginRateLimiter.Failures(2, 300), m.get("1.1.1.1"));
    assertEquals(new LoginRateLimiter.Failures(1, 200), m.get("::1"));
    assertEquals(null, m.get("2.2.2.2"), "expired");
  }

  @Test
  void successForgivesTheAccountNotTheAddress() {
    LoginRateLimiter l = limiter();
    for (int i = 0; i < 6; i++) {
      l.failed("a@x", "1.1.1.1", 0);
    }
    l.succeeded("a@x");
    assertTrue(l.retryAfterSeconds("a@x", "1.1.1.1", 1) > 0, "the address still waits");
    assertEquals(0, l.retryAfterSeconds("a@x", "2.2.2.2", 1));
  }
}
