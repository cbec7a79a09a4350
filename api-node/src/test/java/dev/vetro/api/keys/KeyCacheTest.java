package dev.vetro.api.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.cache.Invalidations;
import org.junit.jupiter.api.Test;

class KeyCacheTest {
  /** Test time in milliseconds; the tests pass the same values as {@code now}. */
  private long clock = 1_000;

  private static final ApiKey.Info INFO =
      new ApiKey.Info("key-1", "ws-1", "ci", null, null, 1, null, null);

  private KeyCache cache() {
    return new KeyCache(() -> clock);
  }

  @Test
  void aLookupThatWasInFlightDuringRevocationDoesNotBringTheKeyBack() {
    KeyCache cache = cache();
    cache.revoked("h");
    cache.valid("h", INFO, 1_000); // the entity vouched before the revocation landed
    assertInstanceOf(KeyCache.Revoked.class, cache.get("h"));
  }

  @Test
  void aRevocationBroadcastFromAnotherNodeReplacesAValidEntry() {
    KeyCache cache = cache();
    cache.valid("h", INFO, 1_000);
    cache.onInvalidation(new Invalidations.KeyRevoked("h"));
    assertInstanceOf(KeyCache.Revoked.class, cache.get("h"));
  }

  @Test
  void anUnknownKeyIsForgottenButARevokedMarkStays() {
    KeyCache cache = cache();
    cache.valid("a", INFO, 1_000);
    cache.unknown("a");
    assertNull(cache.get("a"));
    cache.revoked("b");
    cache.unknown("b");
    assertInstanceOf(KeyCache.Revoked.class, cache.get("b"));
  }

  @Test
  void useIsReportedToTheEntityAtMostOncePerInterval() {
    clock = 10_000;
    KeyCache cache = cache();
    cache.valid("h", INFO, 10_000);
    KeyCache.Valid v = (KeyCache.Valid) cache.get("h");
    assertFalse(v.claimReport(10_500));
    assertTrue(v.claimReport(10_000 + KeyCache.REPORT_USE_MILLIS));
    assertFalse(v.claimReport(10_000 + KeyCache.REPORT_USE_MILLIS + 1));
  }

  @Test
  void aCopyTheEntityHasNotVouchedForWithinTheBoundIsNotServed() {
    KeyCache cache = cache();
    cache.valid("h", INFO, clock);
    clock += KeyCache.MAX_STALE_MILLIS;
    assertInstanceOf(KeyCache.Valid.class, cache.get("h"));
    clock += 1; // a revocation broadcast may have been lost: ask the entity again
    assertNull(cache.get("h"));
    cache.valid("h", INFO, clock); // the entity vouched again
    assertInstanceOf(KeyCache.Valid.class, cache.get("h"));
  }

  @Test
  void aUseReportsAnswerRenewsTheCopySoSteadyUseNeverExpires() {
    KeyCache cache = cache();
    cache.valid("h", INFO, clock);
    for (int i = 0; i < 5; i++) {
      clock += KeyCache.REPORT_USE_MILLIS;
      KeyCache.Valid v = (KeyCache.Valid) cache.get("h");
      assertTrue(v.claimReport(clock));
      cache.valid("h", INFO, clock); // the report's answer
    }
    assertInstanceOf(KeyCache.Valid.class, cache.get("h"));
  }

  @Test
  void anOlderAnswerDoesNotReplaceANewerOne() {
    KeyCache cache = cache();
    cache.valid("h", INFO, clock);
    cache.valid("h", INFO, clock - 5_000); // a slow lookup asked long ago
    clock += KeyCache.MAX_STALE_MILLIS;
    assertInstanceOf(KeyCache.Valid.class, cache.get("h"));
  }
}
