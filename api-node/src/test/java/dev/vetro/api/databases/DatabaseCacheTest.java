package dev.vetro.api.databases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vetro.api.cache.Invalidations;
import dev.vetro.policy.Policy;
import org.junit.jupiter.api.Test;

class DatabaseCacheTest {
  private static final String ID = "0b7f7c3e-8f5e-4a7e-9d7e-1f2a3b4c5d6e";

  private static Database.Info info(long version) {
    return new Database.Info(
        ID, "ws-1", "orders", "postgres", "enforce", Policy.defaults().toJson(), version, 0L);
  }

  @Test
  void aLookupAnsweredBeforeAChangeIsNotCached() {
    DatabaseCache cache = new DatabaseCache();
    long before = cache.generation();
    cache.invalidate(ID); // a policy change lands while the lookup is in flight
    cache.put(info(1), before);
    assertNull(cache.get(ID));
  }

  @Test
  void aChangeOnAnotherNodeDropsTheCopy() {
    DatabaseCache cache = new DatabaseCache();
    cache.put(info(1), cache.generation());
    assertEquals(1, cache.get(ID).policyVersion());
    cache.onInvalidation(new Invalidations.DatabaseChanged(ID));
    assertNull(cache.get(ID));
  }

  @Test
  void aCopyOlderThanTheBoundIsNotServed() {
    long[] clock = {5_000};
    DatabaseCache cache = new DatabaseCache(() -> clock[0]);
    cache.put(info(1), cache.generation());
    clock[0] += DatabaseCache.MAX_STALE_MILLIS;
    assertEquals(1, cache.get(ID).policyVersion());
    clock[0] += 1; // the change's broadcast may have been lost: ask the entity again
    assertNull(cache.get(ID));
    cache.put(info(2), cache.generation());
    assertEquals(2, cache.get(ID).policyVersion());
  }
}
