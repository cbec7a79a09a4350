package dev.vetro.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time, so no test depends on a checked-in key or an expiry date.
 *
 * <pre>{@code
 * Certificates.Authority ca = Certificates.ca("Vetro Test CA");
 * IssuedCertificate server = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), false);
 * server.writeCertificate(dir.resolve("server.crt"));
 * server.writePrivateKey(dir.resolve("server.key"), Certificates.KeyFormat.PKCS1);
 * }</pre>
 */
public final class Certificates {
  /** Long enough for any test run, short enough that a leaked key is worthless soon. */
  static final Duration VALIDITY = Duration.ofDays(30);

  private static final SecureRandom RANDOM = new SecureRandom();

  public enum KeyType {
    RSA,
    EC
  }

  /**
   * PEM private-key encodings: {@code PRIVATE KEY}, {@code RSA PRIVATE KEY}, {@code EC PRIVATE
   * KEY}.
   */
  public enum KeyFormat {
    PKCS8,
    PKCS1,
    SEC1
  }

  private Certificates() {}

  /** A self-signed RSA certificate authority. */
  public static Authority ca(String commonName) {
    return ca(commonName, KeyType.RSA);
  }

  public static Authority ca(String commonName, KeyType keyType) {
    KeyPair keys = generate(keyType);
    X500Name subject = name(commonName);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(VALIDITY)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(sign(builder, keys.getPrivate()), keys);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build CA certificate " + commonName, e);
    }
  }

  /** A CA and the key it signs with; issues leaf certificates. */
  public static final class Authority {
    private final X509Certificate certificate;
    private final KeyPair keys;

    private Authority(X509Certificate certificate, KeyPair keys) {
      this.certificate = certificate;
      this.keys = keys;
    }

    public X509Certificate certificate() {
      return certificate;
    }

    public PrivateKey privateKey() {
      return keys.getPrivate();
    }

    public String certificatePem() {
      return Pem.certificate(certificate);
    }

    public java.nio.file.Path writeCertificate(java.nio.file.Path file) {
      return Pem.write(file, certificatePem(), false);
    }

    /** An RSA leaf certificate; {@code client} selects clientAuth instead of serverAuth usage. */
    public IssuedCertificate issue(
        String commonName, List<String> dnsNames, List<String> ipAddresses, boolean client) {
      return issue(commonName, dnsNames, ipAddresses, client, KeyType.RSA);
    }

    public IssuedCertificate issue(
        String commonName,
        List<String> dnsNames,
        List<String> ipAddresses,
        boolean client,
        KeyType keyType) {
      KeyPair leaf = generate(keyType);
      Instant now = Instant.now();
      try {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        int usage =
            keyType == KeyType.RSA
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature | KeyUsage.keyAgreement;
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    certificate,
                    serial(),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)),
                    name(commonName),
                    leaf.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                .addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(
                        client ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    utils.createSubjectKeyIdentifier(leaf.getPublic()))
                .addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    utils.createAuthorityKeyIdentifier(certificate));
        GeneralNames alternatives = alternativeNames(dnsNames, ipAddresses);
        if (alternatives != null) {
          builder.addExtension(Extension.subjectAlternativeName, false, alternatives);
        }
        return new IssuedCertificate(sign(builder, keys.getPrivate()), leaf, certificate);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot issue certificate " + commonName, e);
      }
    }
  }

  private static GeneralNames alternativeNames(List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
  }

  static KeyPair generate(KeyType type) {
    try {
      return switch (type) {
        case RSA -> {
          KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
          rsa.initialize(2048, RANDOM);
          yield rsa.generateKeyPair();
        }
        case EC -> {
          KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
          ec.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
          yield ec.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + type + " key pair", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    String algorithm = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + algorithm, e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Vetro tests")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }
}
