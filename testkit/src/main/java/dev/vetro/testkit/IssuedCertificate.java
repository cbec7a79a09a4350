package dev.vetro.testkit;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A leaf certificate, its key pair and the CA certificate that signed it. Key files are always
 * written 0600: PostgreSQL, libpq and pgjdbc all refuse group- or world-readable keys.
 */
public record IssuedCertificate(
    X509Certificate certificate, KeyPair keyPair, X509Certificate issuer) {

  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  public Certificates.KeyType keyType() {
    return "EC".equals(keyPair.getPrivate().getAlgorithm())
        ? Certificates.KeyType.EC
        : Certificates.KeyType.RSA;
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /** Leaf then CA, for servers that should present the whole chain. */
  public String chainPem() {
    return Pem.certificate(certificate) + Pem.certificate(issuer);
  }

  public String privateKeyPem(Certificates.KeyFormat format) {
    return Pem.privateKey(keyPair.getPrivate(), format);
  }

  public Path writeCertificate(Path file) {
    return Pem.write(file, certificatePem(), false);
  }

  public Path writeChain(Path file) {
    return Pem.write(file, chainPem(), false);
  }

  /** Writes the key 0600, owned by the current user. */
  public Path writePrivateKey(Path file, Certificates.KeyFormat format) {
    return Pem.write(file, privateKeyPem(format), true);
  }

  /** The key as unencrypted PKCS#8 DER, the {@code .pk8} form older pgjdbc versions require. */
  public Path writePrivateKeyDer(Path file) {
    Pem.write(file, "", true);
    try {
      java.nio.file.Files.write(file, keyPair.getPrivate().getEncoded());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
