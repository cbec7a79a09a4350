package dev.vetro.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher =
      new PasswordHasher(600_000, Executors.newSingleThreadExecutor());

  @Test
  void verifiesTheRightPasswordOnlyAndSaltsEachHash() {
    String h1 = hasher.hashNow("s3cret passphrase");
    String h2 = hasher.hashNow("s3cret passphrase");
    assertNotEquals(h1, h2, "a fresh salt per hash");
    assertTrue(PasswordHasher.verifyNow("s3cret passphrase", h1));
    assertFalse(PasswordHasher.verifyNow("s3cret passphrasE", h1));
    assertEquals(600_000, PasswordHasher.iterationsOf(h1));
  }

  @Test
  void unknownUserVerifiesToFalse() {
    assertFalse(hasher.verify("anything at all", null).orElseThrow().toCompletableFuture().join());
  }

  @Test
  void garbageStoredHashNeverVerifies() {
    assertFalse(PasswordHasher.verifyNow("x", "md5$abc"));
    assertFalse(PasswordHasher.verifyNow("x", "plain"));
  }
}
