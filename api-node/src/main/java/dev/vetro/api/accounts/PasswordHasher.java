package dev.vetro.api.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 (OWASP 2023: at least 600,000 iterations), stored as {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} so the cost can be raised later without invalidating
 * old hashes. Hashing runs on its own small pool and at most {@link #MAX_PENDING} jobs wait: a
 * login flood gets 429s, it cannot queue unbounded CPU work.
 */
public final class PasswordHasher {
  static final int MAX_PENDING = 32;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final Executor executor;
  private final Semaphore pending = new Semaphore(MAX_PENDING);

  /**
   * Verified against when the user is unknown, so timing does not tell which emails exist. Made on
   * first use, on the hashing pool: at construction it would add a full hash to every node start.
   */
  private volatile String dummyHash;

  public PasswordHasher(int iterations, Executor executor) {
    this.iterations = iterations;
    this.executor = executor;
  }

  /** Empty when too many hashes are already waiting. */
  public java.util.Optional<CompletionStage<String>> hash(String password) {
    return submit(() -> hashNow(password));
  }

  /** {@code storedHash} null means unknown user: a dummy verification of equal cost, then false. */
  public java.util.Optional<CompletionStage<Boolean>> verify(String password, String storedHash) {
    return submit(
        () -> {
          if (storedHash == null) {
            if (dummyHash == null) {
              dummyHash = hashNow("not a password " + RANDOM.nextLong());
            }
            verifyNow(password, dummyHash);
            return false;
          }
          return verifyNow(password, storedHash);
        });
  }

  private <T> java.util.Optional<CompletionStage<T>> submit(java.util.function.Supplier<T> job) {
    if (!pending.tryAcquire()) {
      return java.util.Optional.empty();
    }
    CompletableFuture<T> f = CompletableFuture.supplyAsync(job, executor);
    f.whenComplete((r, e) -> pending.release());
    return java.util.Optional.of(f);
  }

  String hashNow(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] dk = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(dk);
  }

  static boolean verifyNow(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] salt = b64.decode(parts[2]);
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = derive(password, salt, Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  public static int iterationsOf(String stored) {
    return Integer.parseInt(stored.split("\\$")[1]);
  }
}
