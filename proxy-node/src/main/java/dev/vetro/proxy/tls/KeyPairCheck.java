package dev.vetro.proxy.tls;

import dev.vetro.proxy.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * A key that does not belong to its certificate is only noticed by the JDK in the middle of the
 * first handshake, as an opaque alert. A test signature at start names the two files instead.
 */
final class KeyPairCheck {
  private KeyPairCheck() {}

  static void requireMatch(X509Certificate cert, PrivateKey key, String certWhat, String keyWhat) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return; // unusual key type: let the handshake judge it
    }
    byte[] probe = "vetro key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new ConfigException(keyWhat + " is not the private key of " + certWhat);
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          keyWhat + " is not the private key of " + certWhat + ": " + e.getMessage(), e);
    }
  }
}
