package dev.vetro.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys in every PEM encoding load in Java and pass openssl; certificates carry the right usages.
 */
class CertificatesTest {
  // RSA key generation costs ~0.5 s here; the tests share the few keys they need.
  private static final Certificates.Authority CA = Certificates.ca("Vetro Certificates Test CA");
  private static final IssuedCertificate RSA_SERVER =
      CA.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), false);
  private static final IssuedCertificate EC_SERVER =
      CA.issue(
          "localhost", List.of("localhost"), List.of("127.0.0.1"), false, Certificates.KeyType.EC);
  private static final IssuedCertificate RSA_CLIENT =
      CA.issue("cert_user", List.of(), List.of(), true);

  @Test
  void rsaKeyInPkcs8LoadsWithThePlainJdk(@TempDir Path dir) throws Exception {
    IssuedCertificate leaf = RSA_SERVER;
    Path key = leaf.writePrivateKey(dir.resolve("k.pem"), Certificates.KeyFormat.PKCS8);
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertSignsFor(leaf.certificate(), jdkPkcs8(key, "RSA"));
  }

  @Test
  void ecKeyInPkcs8LoadsWithThePlainJdk(@TempDir Path dir) throws Exception {
    IssuedCertificate leaf = EC_SERVER;
    Path key = leaf.writePrivateKey(dir.resolve("k.pem"), Certificates.KeyFormat.PKCS8);
    assertSignsFor(leaf.certificate(), jdkPkcs8(key, "EC"));
  }

  @Test
  void rsaKeyInPkcs1LoadsWithBouncyCastleAndOpenssl(@TempDir Path dir) throws Exception {
    IssuedCertificate leaf = RSA_SERVER;
    Path key = leaf.writePrivateKey(dir.resolve("k.pem"), Certificates.KeyFormat.PKCS1);
    assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
    assertArrayEquals(leaf.privateKey().getEncoded(), Pem.readPrivateKey(key).getEncoded());
    openssl("rsa", "-in", key.toString(), "-check", "-noout");
    assertKeyMatchesCertificate(dir, leaf, key);
  }

  @Test
  void ecKeyInSec1LoadsWithBouncyCastleAndOpenssl(@TempDir Path dir) throws Exception {
    IssuedCertificate leaf = EC_SERVER;
    Path key = leaf.writePrivateKey(dir.resolve("k.pem"), Certificates.KeyFormat.SEC1);
    assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----\n"));
    assertSignsFor(leaf.certificate(), Pem.readPrivateKey(key));
    assertTrue(openssl("ec", "-in", key.toString(), "-check", "-noout").stderr().contains("valid"));
    assertKeyMatchesCertificate(dir, leaf, key);
  }

  @Test
  void pkcs8KeysOfBothTypesPassOpenssl(@TempDir Path dir) {
    for (IssuedCertificate leaf : List.of(RSA_CLIENT, EC_SERVER)) {
      Path key =
          leaf.writePrivateKey(dir.resolve(leaf.keyType() + ".pem"), Certificates.KeyFormat.PKCS8);
      openssl("pkey", "-in", key.toString(), "-check", "-noout");
      assertKeyMatchesCertificate(dir, leaf, key);
    }
  }

  @Test
  void keyFormatThatCannotHoldTheKeyTypeIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RSA_SERVER.privateKeyPem(Certificates.KeyFormat.SEC1));
    assertThrows(
        IllegalArgumentException.class,
        () -> EC_SERVER.privateKeyPem(Certificates.KeyFormat.PKCS1));
  }

  @Test
  void keyFilesAreOwnerOnlyAndCertificatesWorldReadable(@TempDir Path dir) throws Exception {
    IssuedCertificate leaf = RSA_CLIENT;
    Path key = leaf.writePrivateKey(dir.resolve("k.pem"), Certificates.KeyFormat.PKCS1);
    Path cert = leaf.writeCertificate(dir.resolve("c.pem"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
  }

  @Test
  void serverAndClientCertificatesVerifyAgainstTheCaForTheirPurpose(@TempDir Path dir) {
    Path ca = CA.writeCertificate(dir.resolve("ca.crt"));
    Path server = RSA_SERVER.writeCertificate(dir.resolve("server.crt"));
    Path client = RSA_CLIENT.writeCertificate(dir.resolve("client.crt"));
    openssl(
        "verify",
        "-CAfile",
        ca.toString(),
        "-purpose",
        "sslserver",
        "-verify_hostname",
        "localhost",
        "-verify_ip",
        "127.0.0.1",
        server.toString());
    openssl("verify", "-CAfile", ca.toString(), "-purpose", "sslclient", client.toString());
    ProcessRunner.Result wrongPurpose =
        ProcessRunner.of(
                "openssl",
                "verify",
                "-CAfile",
                ca.toString(),
                "-purpose",
                "sslserver",
                client.toString())
            .run();
    assertTrue(
        !wrongPurpose.succeeded() || !wrongPurpose.stdout().contains(": OK"),
        wrongPurpose.describe());
  }

  @Test
  void chainPemHoldsLeafThenCa(@TempDir Path dir) {
    IssuedCertificate leaf = EC_SERVER;
    List<X509Certificate> chain = Pem.readCertificates(leaf.writeChain(dir.resolve("chain.pem")));
    assertEquals(List.of(leaf.certificate(), CA.certificate()), chain);
  }

  @Test
  void readingAFileWithoutAKeySaysSo(@TempDir Path dir) throws Exception {
    Path notAKey = Files.writeString(dir.resolve("x.pem"), "hello\n");
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(notAKey));
    assertTrue(failure.getMessage().contains("x.pem"), failure.getMessage());
  }

  private static PrivateKey jdkPkcs8(Path file, String algorithm) throws Exception {
    String base64 =
        Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static void assertSignsFor(X509Certificate certificate, PrivateKey key) throws Exception {
    String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] data = "vetro".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(data);
    assertTrue(
        verifier.verify(signature),
        "key does not belong to " + certificate.getSubjectX500Principal());
  }

  private static void assertKeyMatchesCertificate(Path dir, IssuedCertificate leaf, Path key) {
    Path cert = leaf.writeCertificate(dir.resolve("match-" + System.nanoTime() + ".crt"));
    String fromKey = openssl("pkey", "-in", key.toString(), "-pubout").stdout();
    String fromCert = openssl("x509", "-in", cert.toString(), "-noout", "-pubkey").stdout();
    assertEquals(fromCert, fromKey);
  }

  private static ProcessRunner.Result openssl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    return ProcessRunner.of(command).run().requireSuccess();
  }
}
