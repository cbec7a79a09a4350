package dev.vetro.api.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys and session tokens: {@code vtro_} + 32 random bytes (base64url, no padding, 43 chars).
 * Only the SHA-256 is stored; a fast hash is right here because the secret is 256 random bits, not
 * a password, and it is checked on every request.
 */
public final class KeyMaterial {
  public static final String PREFIX = "vtro_";
  private static final Pattern KEY_SHAPE = Pattern.compile("vtro_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyMaterial() {}

  public static String newKey() {
    return PREFIX + randomToken();
  }

  /** 32 random bytes, base64url without padding. */
  public static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Cheap shape check first, so garbage never reaches an entity (or creates one). */
  public static boolean looksLikeKey(String s) {
    return s != null && KEY_SHAPE.matcher(s).matches();
  }

  public static String sha256Hex(String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
