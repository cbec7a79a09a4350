package dev.vetro.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM text for certificates and private keys, in the three unencrypted key encodings clients meet
 * in practice. Reading goes through BouncyCastle because the JDK reads neither PKCS#1 ({@code RSA
 * PRIVATE KEY}) nor SEC1 ({@code EC PRIVATE KEY}).
 */
public final class Pem {
  private Pem() {}

  public static String certificate(X509Certificate certificate) {
    try {
      return armor("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException(
          "cannot encode certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** The key in {@code format}; SEC1 only for EC keys, PKCS#1 only for RSA keys. */
  public static String privateKey(PrivateKey key, Certificates.KeyFormat format) {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    try {
      return switch (format) {
        case PKCS8 -> armor("PRIVATE KEY", key.getEncoded());
        case PKCS1 -> {
          requireAlgorithm(key, "RSA", format);
          yield armor(
              "RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded("DER"));
        }
        case SEC1 -> {
          requireAlgorithm(key, "EC", format);
          yield armor("EC PRIVATE KEY", sec1(key, info));
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot encode " + key.getAlgorithm() + " key as " + format, e);
    }
  }

  // The JDK's PKCS#8 EC encoding leaves the curve out of the inner ECPrivateKey (it sits in
  // the outer AlgorithmIdentifier); a stand-alone SEC1 file needs it inside, or OpenSSL and
  // libpq cannot tell which curve the key is on.
  private static byte[] sec1(PrivateKey key, PrivateKeyInfo info) throws IOException {
    if (!(key instanceof ECPrivateKey ec)) {
      throw new IllegalArgumentException("not an EC key: " + key.getClass());
    }
    X962Parameters curve =
        X962Parameters.getInstance(info.getPrivateKeyAlgorithm().getParameters());
    if (!curve.isNamedCurve() || !SECObjectIdentifiers.secp256r1.equals(curve.getParameters())) {
      throw new IllegalArgumentException(
          "only P-256 EC keys are supported, got " + curve.getParameters());
    }
    BigInteger d = ec.getS();
    // The public point too: some readers (BouncyCastle's PEMKeyPair among them) expect it.
    byte[] publicPoint =
        ECNamedCurveTable.getParameterSpec("secp256r1")
            .getG()
            .multiply(d)
            .normalize()
            .getEncoded(false);
    org.bouncycastle.asn1.sec.ECPrivateKey inner =
        new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, new DERBitString(publicPoint), curve);
    return inner.getEncoded("DER");
  }

  private static void requireAlgorithm(
      PrivateKey key, String algorithm, Certificates.KeyFormat format) {
    if (!algorithm.equals(key.getAlgorithm())) {
      throw new IllegalArgumentException(
          format + " holds " + algorithm + " keys only, this key is " + key.getAlgorithm());
    }
  }

  static String armor(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /** Every certificate in a PEM file, in file order. */
  public static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser =
        new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      Object next;
      while ((next = parser.readObject()) != null) {
        if (next instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "cannot read PEM certificates from " + file + ": " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no CERTIFICATE block in " + file);
    }
    return certificates;
  }

  /** The first private key in a PEM file, whichever of PKCS#8, PKCS#1 or SEC1 it is in. */
  public static PrivateKey readPrivateKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      Object next;
      while ((next = parser.readObject()) != null) {
        if (next instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (next instanceof PEMKeyPair pair) {
          // Via the private part only: a SEC1 key without its public point is still a key.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read a PEM private key from " + file + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "no unencrypted PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block in " + file);
  }

  /** Writes {@code text}; secrets are created 0600 so no other user can read them even briefly. */
  static Path write(Path file, String text, boolean secret) {
    try {
      Files.deleteIfExists(file);
      if (secret) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
      }
      Files.writeString(file, text, StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
